package org.giggossip.core.topic;

/**
 * A job proposal broadcast through the network (seed 000, section 3.1). It is
 * application specific and must not identify its sender. Dispatch over topics
 * with a {@code switch}; the compiler checks that every kind is handled.
 */
public sealed interface Topic permits TaxiTopic, ApplicationTopic {}

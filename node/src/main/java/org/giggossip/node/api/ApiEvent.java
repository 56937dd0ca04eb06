package org.giggossip.node.api;

import java.time.Instant;
import org.giggossip.core.engine.AppEvent;

/**
 * One event on the node's stream: a sequence number (gap-free from 1 for one
 * node run, so a client can tell it missed none), when, and what the engine said.
 */
public record ApiEvent(long seq, Instant at, AppEvent event) {}

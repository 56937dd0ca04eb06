/**
 * Topics, the job proposals a network broadcasts (whitepaper §3.1; docs/protocol.md §4):
 * the sealed {@link org.giggossip.core.topic.Topic} (a taxi ride between two geohashes,
 * or any application's kind and bytes), geohashes and their cells (whitepaper §3.1,
 * Table 1), and the {@link org.giggossip.core.topic.TopicPolicy} of what a node is
 * willing to carry.
 *
 * <p>Sans-I/O, like all of {@code core}: no sockets, files, threads or system clock,
 * and no module of ours (docs/style.md 1 and 9).
 */
package org.giggossip.core.topic;

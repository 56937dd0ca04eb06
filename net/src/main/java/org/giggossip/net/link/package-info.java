/**
 * A node's TCP links (docs/protocol.md §1): {@link org.giggossip.net.link.Links}
 * listens and dials, runs the BOLT 8 handshake and the proof-of-work admission on
 * every connection through the handlers of {@link org.giggossip.net.netty}, keeps
 * one link per pair of nodes, and carries typed messages
 * ({@link org.giggossip.net.link.MessageType}) to a
 * {@link org.giggossip.net.link.LinkListener}; with its limits, the key probe of a
 * bare {@code host:port}, counters and a rate-limited close log.
 *
 * <p>Like all of {@code net}, it uses only {@code core}: it may not import
 * {@code settler}, {@code lightning}, {@code sim} or {@code node} (docs/architecture.md, "Modules").
 * What the messages mean is the listener's business: nothing here decodes a frame.
 */
package org.giggossip.net.link;

/**
 * The VoidPhone generic gossip API (seed 003; docs/specs/voidphone-gossip-api.md): the local TCP API through
 * which other modules announce, subscribe, receive and validate items, and the
 * sans-I/O spreading of those items over the node's links.
 *
 * <p>Like all of {@code net}, it uses only {@code core}: it may not import
 * {@code settler}, {@code lightning}, {@code sim} or {@code node} (docs/architecture.md, "Modules").
 */
package org.giggossip.net.voidphone;

/**
 * Peer discovery and liveness over admitted links (seed 004, section 3;
 * docs/protocol.md §1, Discovery): GETPEER and PEER exchange
 * {@code pubkey@host:port} addresses of responsive peers, PING and PONG keep
 * links alive and count unanswered pings, and the two-stage drop stops
 * advertising a silent peer before it is forgotten.
 * Sans-I/O: {@link org.giggossip.net.discovery.Discovery} is stepped by its host
 * and backed by an {@link org.giggossip.net.discovery.AddressStore}.
 *
 * <p>Like all of {@code net}, it uses only {@code core}: it may not import
 * {@code settler}, {@code lightning}, {@code sim} or {@code node} (docs/architecture.md, "Modules").
 */
package org.giggossip.net.discovery;

/**
 * Dave, the proof-of-work data store over UDP (seed 004; docs/specs/dave.md,
 * docs/dave.md): the wire codec, the work, and
 * {@link org.giggossip.net.dave.DaveNode}, the protocol as a sans-I/O state machine
 * (peer table, liveness, bounded store), driven by
 * {@link org.giggossip.net.dave.DaveHost} on one UDP socket and one owner thread;
 * and the settler's DATs ({@link org.giggossip.net.dave.GigDats}: revealed
 * preimages and revocation lists, found by our lookup by prev).
 *
 * <p>Like all of {@code net}, it uses only {@code core}: it may not import
 * {@code settler}, {@code lightning}, {@code sim} or {@code node} (docs/architecture.md, "Modules").
 */
package org.giggossip.net.dave;

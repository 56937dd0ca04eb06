/**
 * Per-connection proof-of-work admission (seed 003, section 2.3; docs/architecture.md,
 * Transport): after the BOLT 8 handshake each side sends a challenge with a fresh
 * nonce and the target it demands; each side then solves a SHA-256 hashcash over
 * {@link org.giggossip.net.admission.AdmissionPayload}, which binds the solver's role,
 * both identities and both nonces, and sends the answer. The link carries frames
 * only when both answers are in; a wrong, late or replayed one closes it with a
 * reason. Sans-I/O: {@link org.giggossip.net.admission.Admission} is stepped by the host.
 *
 * <p>Like all of {@code net}, it uses only {@code core}: it may not import
 * {@code settler}, {@code lightning}, {@code sim} or {@code node} (docs/architecture.md, "Modules").
 */
package org.giggossip.net.admission;

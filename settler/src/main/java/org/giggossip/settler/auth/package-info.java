/**
 * Signed settler requests (docs/settler.md, "Authentication"): the
 * {@code Authorization: GG-Schnorr ...} header
 * ({@link org.giggossip.settler.auth.AuthHeader}), which binds the method, path,
 * body, a timestamp and a nonce under the caller's BIP 340 key; the clients'
 * {@link org.giggossip.settler.auth.RequestSigner} and the server's
 * {@link org.giggossip.settler.auth.RequestVerifier}, cheapest check first.
 *
 * <p>Like all of {@code settler}, it uses only {@code core}: it may not import
 * {@code net}, {@code lightning}, {@code sim} or {@code node} (docs/architecture.md, "Modules").
 * No I/O: the clock and the randomness are injected, and remembering nonces is the
 * database's.
 */
package org.giggossip.settler.auth;

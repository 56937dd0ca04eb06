/**
 * BOLT 8 (Noise_XK_secp256k1_ChaChaPoly_SHA256, prologue "lightning") as sans-I/O
 * state machines: {@link org.giggossip.net.noise.Bolt8Handshake} for the three acts,
 * then {@link org.giggossip.net.noise.Bolt8Transport} for length-prefixed, encrypted
 * messages with key rotation every 1000 messages. No class here touches a socket,
 * a thread or a clock; hostile bytes never make them throw.
 *
 * <p>Like all of {@code net}, it uses only {@code core}: it may not import
 * {@code settler}, {@code lightning}, {@code sim} or {@code node} (docs/architecture.md, "Modules").
 */
package org.giggossip.net.noise;

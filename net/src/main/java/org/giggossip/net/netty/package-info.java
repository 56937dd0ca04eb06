/**
 * Netty handlers that drive the sans-I/O state machines of
 * {@link org.giggossip.net.noise} on a TCP channel, in STYLE.md 11's order: the
 * {@link org.giggossip.net.netty.Bolt8HandshakeHandler} first, which on success
 * replaces itself with the {@link org.giggossip.net.netty.Bolt8FrameDecoder} and
 * {@link org.giggossip.net.netty.Bolt8FrameEncoder} and fires
 * {@link org.giggossip.net.netty.HandshakeCompleted}; then the application's handlers.
 */
package org.giggossip.net.netty;

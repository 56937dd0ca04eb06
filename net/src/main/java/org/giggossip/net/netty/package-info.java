/**
 * Netty handlers that drive the sans-I/O state machines of
 * {@link org.giggossip.net.noise} on a TCP channel, in docs/style.md 11's order:
 * <ol>
 *   <li>{@link org.giggossip.net.netty.ConnectionLimitHandler}, which refuses a
 *       connection over the shared {@link org.giggossip.net.netty.ConnectionLimiter}'s caps
 *       before any work is done;</li>
 *   <li>the {@link org.giggossip.net.netty.Bolt8HandshakeHandler}, which on success
 *       replaces itself with the {@link org.giggossip.net.netty.Bolt8FrameDecoder} and
 *       {@link org.giggossip.net.netty.Bolt8FrameEncoder} and fires
 *       {@link org.giggossip.net.netty.HandshakeCompleted};</li>
 *   <li>the {@link org.giggossip.net.netty.AdmissionHandler} (seed 003, section 2.3),
 *       which fires {@link org.giggossip.net.netty.PeerAdmitted};</li>
 *   <li>the deadlines and limits against hostile peers (docs/protocol.md §1), which must
 *       follow the admission to see {@code PeerAdmitted}:
 *       {@link org.giggossip.net.netty.HandshakeDeadlineHandler} (absolute time from
 *       activation to admission), {@link org.giggossip.net.netty.IdleTimeoutHandler}
 *       and {@link org.giggossip.net.netty.RateLimitHandler};</li>
 *   <li>then the application's handlers.</li>
 * </ol>
 * Every handler that closes a connection fires {@link org.giggossip.net.netty.ConnectionClosed}
 * with its reason first.
 *
 * <p>Like all of {@code net}, it uses only {@code core}: it may not import
 * {@code settler}, {@code lightning}, {@code sim} or {@code node} (docs/architecture.md, "Modules").
 */
package org.giggossip.net.netty;

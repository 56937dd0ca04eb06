package org.giggossip.node.host;

import java.time.Duration;
import java.time.Instant;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.wire.DecodeError;
import org.giggossip.core.wire.Frame;
import org.giggossip.core.wire.FrameKind;

/** Host-level happenings a timeline shows beside the engine's events. */
public sealed interface HostTrace {

    /** A frame ({@code frame}, decoded) went to {@code peer}. */
    record FrameSent(PublicKey peer, FrameKind kind, int bytes, Frame frame) implements HostTrace {}

    /**
     * A frame arrived from {@code peer} and decoded; the engine has not judged it yet (untrusted: an
     * observer logs nothing above debug for it alone).
     */
    record FrameReceived(PublicKey peer, FrameKind kind, int bytes, Frame frame) implements HostTrace {}

    /** A frame from {@code peer} did not decode ({@code cause}); the link was closed for {@code reason}. */
    record FrameUndecodable(PublicKey peer, DecodeError.Reason cause, String reason) implements HostTrace {}

    /** A proof of work the engine asked for: found (or not) after {@code attempts} in {@code took}. */
    record PowSolved(long taskId, boolean found, long attempts, Duration took) implements HostTrace {}

    /** A link came up (dialled by us when {@code outbound}) or went down; {@code detail} says where or why. */
    record Link(PublicKey peer, boolean up, boolean outbound, String detail) implements HostTrace {}

    /** A frame could not be sent: no link, or the peer's queue was full. */
    record SendRefused(PublicKey peer, FrameKind kind) implements HostTrace {}

    /**
     * A frame ({@code frame}, {@code bytes} long) could not be sent to {@code peer} and waits in its
     * outbox for the peer to link again, until {@code until} at the latest ({@link Outbox}).
     */
    record FrameHeld(PublicKey peer, FrameKind kind, int bytes, Frame frame, Instant until) implements HostTrace {}

    /**
     * A held frame went to {@code peer} once it linked again, {@code held} after it was held; a
     * {@link FrameSent} for it comes just before.
     */
    record HeldFrameSent(PublicKey peer, FrameKind kind, int bytes, Frame frame, Duration held)
            implements HostTrace {}

    /** A held frame was dropped unsent, for {@code why}. */
    record HeldFrameDropped(PublicKey peer, FrameKind kind, int bytes, Frame frame, Outbox.Drop why)
            implements HostTrace {}
}

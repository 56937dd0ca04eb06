package org.giggossip.core.wire;

/**
 * A unit of the Gig-gossip protocol exchanged between two peers (seed 000,
 * sections 3.3 to 3.9). Sealed: dispatch with a {@code switch}, which the
 * compiler checks for completeness. {@link FrameCodec} encodes and decodes
 * frames in the {@code Frame} envelope of the wire format.
 */
public sealed interface Frame
        permits AskForBroadcastFrame, POWBroadcastConditionsFrame, AskDeclinedFrame, POWBroadcastFrame, ReplyFrame {

    /** Which kind of frame this is. */
    FrameKind kind();
}

package org.giggossip.net.noise;

import java.util.Arrays;

/** Test helper: moves messages between two {@link Bolt8Transport}s the way a host reads a stream. */
final class RoundTrip {
    private RoundTrip() {}

    static byte[] deliver(Bolt8Transport from, Bolt8Transport to, byte[] message) {
        return read(to, from.encrypt(message));
    }

    /** Reads one whole encrypted message; fails the test on anything but a message. */
    static byte[] read(Bolt8Transport to, byte[] wire) {
        byte[] header = Arrays.copyOfRange(wire, 0, Bolt8Transport.HEADER_SIZE);
        if (!(to.receive(header) instanceof TransportRead.Length length)) {
            throw new AssertionError("length prefix rejected");
        }
        if (length.bodySize() != wire.length - Bolt8Transport.HEADER_SIZE) {
            throw new AssertionError("wrong body size " + length.bodySize());
        }
        var r = to.receive(Arrays.copyOfRange(wire, Bolt8Transport.HEADER_SIZE, wire.length));
        if (!(r instanceof TransportRead.Message m)) {
            throw new AssertionError("body rejected: " + r);
        }
        return m.plaintext();
    }
}

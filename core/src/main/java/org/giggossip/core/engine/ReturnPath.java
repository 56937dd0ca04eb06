package org.giggossip.core.engine;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.onion.BackwardOnion;
import org.giggossip.core.onion.Peeled;

/** The engine's use of the fixed-size backward onion (seed 000, 3.5; package {@code onion}). */
final class ReturnPath {
    private ReturnPath() {}

    /** Where a peeled onion says a reply goes. */
    sealed interface Next {
        /** Forward to {@code hop} with {@code onion}. */
        record Hop(PublicKey hop, byte[] onion) implements Next {}

        /** The reply is for us: we are the customer. */
        record Here() implements Next {}

        /** The onion is not valid for us. */
        record Invalid(String reason) implements Next {}
    }

    /** A customer's own terminal onion for one job. */
    static byte[] origin(PublicKey self, SecureRandom random) {
        return BackwardOnion.DEFAULT.origin(self, random);
    }

    /** Our onion wrapped for {@code next}, recording us as the way back. */
    static byte[] wrap(byte[] onionSealedToMe, PublicKey me, PublicKey next, SecureRandom random) {
        return BackwardOnion.DEFAULT.wrap(onionSealedToMe, me, next, random);
    }

    static Next peel(byte[] onion, PrivateKey key, SecureRandom random) {
        return switch (BackwardOnion.DEFAULT.peel(onion, key, random)) {
            case Peeled.Forward f -> new Next.Hop(f.nextHop(), f.innerOnion());
            case Peeled.Arrived a -> new Next.Here();
            case Peeled.Invalid i -> new Next.Invalid(i.reason());
        };
    }

    /**
     * Whether {@code onion}, which came with a broadcast from {@code from}, is a layer {@code from}
     * sealed to us: of the fixed size, authenticating under our key, and naming {@code from} as the
     * way back. Draws no randomness. Never throws on {@code onion}.
     */
    static boolean sealedToUsBy(byte[] onion, PrivateKey key, PublicKey from) {
        return BackwardOnion.DEFAULT.authenticate(onion, key) instanceof Peeled.Forward f && f.nextHop().equals(from);
    }

    /** A key naming the job an arriving onion belongs to: its outer ephemeral key, unique per origin. */
    static ByteBuffer jobKey(byte[] onion) {
        return ByteBuffer.wrap(java.util.Arrays.copyOf(onion, PublicKey.SIZE));
    }
}

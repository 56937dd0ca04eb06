package org.giggossip.node.store;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.wire.PayloadId;

/**
 * The child process of {@link NodeStoreKillTest}: writes to the store without end and prints
 * {@code committed <i> <payload id hex> <node id hex> <payment hash hex>} after each
 * write has returned, until it is killed.
 */
public final class StoreWriterMain {
    private StoreWriterMain() {}

    /** {@code args[0]}: the database file. */
    public static void main(String[] args) {
        SecureRandom random = new SecureRandom();
        NodeStore store = NodeStore.open(Path.of(args[0]), Clock.systemUTC());
        for (long i = 0; ; i++) {
            byte[] id = new byte[PayloadId.SIZE];
            random.nextBytes(id);
            PayloadId job = PayloadId.of(id);
            store.jobs().insert(job, JobRole.CUSTOMER, new byte[] {(byte) i});
            var peer = PrivateKey.generate(random).publicKey();
            store.peers().upsert(peer, "10.0.0.1", 6001, Clock.systemUTC().instant());
            Preimage preimage = Preimage.generate(random);
            store.preimages().put(preimage);
            System.out.println("committed " + i + " " + job.hex() + " " + peer.hex() + " "
                    + preimage.paymentHash().hex());
            System.out.flush();
        }
    }
}

package org.giggossip.lightning.lnd;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;

/** A fake network with two fake lnd nodes: Alice (who issues invoices, no funds) and Bob (who pays). */
final class FakeNodes implements AutoCloseable {
    final FakeLightningNetwork network = new FakeLightningNetwork();
    final FakeLnd alice;
    final FakeLnd bob;

    FakeNodes(Path dir, SecureRandom random, long bobBalanceMsat) throws IOException {
        alice = new FakeLnd(network, 0, dir.resolve("alice-lnd"), random);
        bob = new FakeLnd(network, bobBalanceMsat, dir.resolve("bob-lnd"), random);
    }

    @Override
    public void close() throws InterruptedException {
        alice.close();
        bob.close();
        network.close();
    }
}

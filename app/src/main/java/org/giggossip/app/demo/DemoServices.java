package org.giggossip.app.demo;

import java.util.Map;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Hash32;
import org.giggossip.node.host.EngineHost;
import org.giggossip.node.host.LocalServices;

/**
 * The settler and wallets of a demo: embedded in the demo's process
 * ({@link LocalServices}), or a running {@code gg settler} reached over its
 * HTTP API ({@link RemoteSettler}). The demo's nodes are the same either way.
 */
interface DemoServices extends AutoCloseable {

    /** Whether money was conserved, and a line saying how that was checked. */
    record Money(boolean holds, String line) {}

    PublicKey settlerId();

    /** A few words for the banner: where the settler and the ledger are. */
    String description();

    /** Watches the wallet events of every node the demo binds. */
    void watch(LocalServices.WalletWatcher watcher);

    /** Opens {@code key}'s wallet, grants it {@code properties} and issues its certificate. */
    Certificate enrol(PrivateKey key, long balanceMsat, Map<String, String> properties) throws Exception;

    /** The payments of an enrolled node. */
    EngineHost.PaymentsBinding binding(PrivateKey key);

    /** After the job whose network payment hash is {@code network}: was any msat created or lost? */
    Money money(Hash32 network) throws Exception;

    @Override
    void close();

    /** The embedded settler and ledger. */
    static DemoServices local(LocalServices services) {
        return new DemoServices() {
            @Override
            public PublicKey settlerId() {
                return services.settlerId();
            }

            @Override
            public String description() {
                return "an embedded settler and ledger";
            }

            @Override
            public void watch(LocalServices.WalletWatcher watcher) {
                services.watch(watcher);
            }

            @Override
            public Certificate enrol(PrivateKey key, long balanceMsat, Map<String, String> properties) {
                return services.enrol(key, balanceMsat, properties);
            }

            @Override
            public EngineHost.PaymentsBinding binding(PrivateKey key) {
                return services.binding(key.publicKey());
            }

            @Override
            public Money money(Hash32 network) {
                var conservation = services.conservation();
                return new Money(conservation.holds(), conservation.toString());
            }

            @Override
            public void close() {
                services.close();
            }
        };
    }
}

package org.giggossip.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Hash32;
import org.giggossip.node.host.EngineHost;
import org.giggossip.node.host.LocalServices;
import org.giggossip.node.host.Payments;
import org.giggossip.settler.client.HttpRegtestWallet;
import org.giggossip.settler.client.HttpSettlerClient;
import org.giggossip.settler.client.SettlerAdminClient;
import org.giggossip.settler.client.SettlerHttp;
import org.giggossip.settler.http.ApiBodies;

/**
 * A running {@code gg settler} as the demo's settler and bank: every node gets a
 * regtest account there ({@code /v1/wallet}), its certificate from
 * {@code /v1/certificates/issue}, and talks to the settler through
 * {@link HttpSettlerClient}, as a node daemon would. Properties (a driver's
 * licence) are granted with the settler's admin key when one is given.
 *
 * <p>Money is checked from the outside: the nodes' balances together fall by
 * exactly the settler's own network fee (the smallest payment of the chosen
 * payment hash, the one that reached the settler), and nothing stays locked.
 */
final class RemoteSettler implements DemoServices {
    private final URI url;
    private final PublicKey id;
    private final Optional<PrivateKey> admin;
    private final Clock clock;
    private final List<LocalServices.WalletWatcher> watchers = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private final Map<PublicKey, PrivateKey> nodes = new ConcurrentHashMap<>();
    /** The smallest settled payment per payment hash: on the chosen hash, the one to the settler. */
    private final Map<Hash32, Long> smallestPayment = new ConcurrentHashMap<>();
    private long before;

    private RemoteSettler(URI url, PublicKey id, Optional<PrivateKey> admin, Clock clock) {
        this.url = url;
        this.id = id;
        this.admin = admin;
        this.clock = clock;
    }

    /** Asks the service at {@code url} for its key. */
    static RemoteSettler connect(URI url, Optional<PrivateKey> admin, Clock clock)
            throws IOException, InterruptedException {
        try (SettlerHttp http = new SettlerHttp(url, PrivateKey.generate(new SecureRandom()))) {
            JsonNode settler = http.get("/v1/settler").orThrow();
            return new RemoteSettler(url, PublicKey.fromHex(settler.path("id").asText()), admin, clock);
        }
    }

    @Override
    public PublicKey settlerId() {
        return id;
    }

    @Override
    public String description() {
        return "the settler service at " + url + (admin.isPresent() ? " (with its admin key)" : "");
    }

    @Override
    public void watch(LocalServices.WalletWatcher watcher) {
        watchers.add(watcher);
    }

    @Override
    public Certificate enrol(PrivateKey key, long balanceMsat, Map<String, String> properties)
            throws IOException, InterruptedException {
        if (!properties.isEmpty() && admin.isPresent()) {
            try (SettlerAdminClient client = new SettlerAdminClient(url, admin.get())) {
                for (Map.Entry<String, String> p : properties.entrySet()) {
                    client.grant(key.publicKey(), p.getKey(), p.getValue());
                }
            }
        }
        try (SettlerHttp http = new SettlerHttp(url, key)) {
            http.post("/v1/wallet/open", new ApiBodies.Empty()).orThrow();
            JsonNode balance = http.post("/v1/wallet/balance", new ApiBodies.Empty()).orThrow();
            synchronized (this) {
                before += balance.path("spendable_msat").asLong() + balance.path("locked_msat").asLong();
            }
            Certificate certificate = http.issueCertificate(id);
            nodes.put(key.publicKey(), key);
            return certificate;
        }
    }

    @Override
    public EngineHost.PaymentsBinding binding(PrivateKey key) {
        PublicKey node = key.publicKey();
        return (walletSink, settlerSink) -> {
            HttpRegtestWallet wallet = new HttpRegtestWallet(url, key, event -> {
                if (event instanceof WalletEvent.PaymentSettled s) {
                    smallestPayment.merge(s.paymentHash(), s.amountMsat(), Math::min);
                }
                for (LocalServices.WalletWatcher w : watchers) {
                    w.walletEvent(node, clock.instant(), event);
                }
                walletSink.accept(event);
            }, 0, seq -> { });
            HttpSettlerClient settler = HttpSettlerClient.builder(url, key, id, settlerSink).build();
            open.add(wallet);
            open.add(settler);
            return Payments.of(wallet, settler);
        };
    }

    @Override
    public Money money(Hash32 network) throws IOException, InterruptedException {
        long after = 0;
        long locked = 0;
        for (PrivateKey key : new ArrayList<>(nodes.values())) {
            try (SettlerHttp http = new SettlerHttp(url, key)) {
                JsonNode b = http.post("/v1/wallet/balance", new ApiBodies.Empty()).orThrow();
                after += b.path("spendable_msat").asLong() + b.path("locked_msat").asLong();
                locked += b.path("locked_msat").asLong();
            }
        }
        long fee = smallestPayment.getOrDefault(network, -1L);
        long spent;
        synchronized (this) {
            spent = before - after;
        }
        boolean holds = fee > 0 && spent == fee && locked == 0;
        return new Money(holds, String.format("%d nodes held %,d msat, now %,d msat: %,d msat went to the settler's"
                + " network invoice (its fee: %,d msat); %,d msat still locked%s", nodes.size(), before, after, spent,
                fee, locked, holds ? "" : " - NOT CONSERVED"));
    }

    @Override
    public void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // closing: nothing left to do
            }
        }
    }
}

package org.giggossip.settler.testing;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.ledger.Ledger;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletAccounts;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.service.ServiceCodec;
import org.giggossip.core.service.ServiceMessage;
import org.giggossip.core.settler.GigView;
import org.giggossip.core.settler.Settler;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.settler.SettlerOutput;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.CertificateId;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.core.wire.Signer;
import org.giggossip.settler.service.Notice;
import org.giggossip.settler.service.SettlerBackend;

/**
 * A {@link SettlerBackend} for the HTTP tests: the real core {@link Settler}
 * and a real in-memory {@link Ledger} (the settler's wallet and the regtest
 * accounts, {@link TestAccounts}), owned by one thread, nothing persisted. The
 * settler's outputs and the ledger's events are queued and run in order after
 * each input, as a host does, so neither is re-entered.
 */
public final class TestBackend implements SettlerBackend, AutoCloseable {
    /** Validity of the certificates this backend issues. */
    public static final Duration CERT_VALIDITY = Duration.ofDays(30);

    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon()
            .name("test-settler").unstarted(r));
    private final ArrayDeque<Runnable> work = new ArrayDeque<>();
    private final Clock clock;
    private final Set<PublicKey> admins;
    private final Settler settler;
    private final Ledger ledger;
    private final int settlerAccount;
    private final TestAccounts accounts;
    private final Map<String, CompletableFuture<SettlerResponse>> pending = new HashMap<>();
    private final Map<Hash32, Preimage> published = new ConcurrentHashMap<>();
    private final Map<CertificateId, Certificate> issued = new ConcurrentHashMap<>();
    private final Map<String, Instant> nonces = new ConcurrentHashMap<>();
    private final List<Consumer<RevocationList>> revocationWatchers = new CopyOnWriteArrayList<>();
    private final Journal<Notice> notices = new Journal<>();
    private final boolean offerWallets;

    /**
     * @param startingBalanceMsat what a regtest account opens with
     * @param offerWallets        whether {@link #wallets()} offers the regtest accounts
     */
    public TestBackend(PrivateKey settlerKey, Set<PublicKey> admins, Clock clock, long startingBalanceMsat,
            boolean offerWallets) {
        this.clock = clock;
        this.offerWallets = offerWallets;
        this.admins = Set.copyOf(admins);
        Signer signer = Signer.of(settlerKey, new SecureRandom());
        this.settler = new Settler(SettlerConfig.of(1_000, Duration.ofMinutes(10), Duration.ofHours(1)), signer,
                new CertificateAuthority(signer, "http://settler.test/"), clock, new SecureRandom(),
                out -> work.add(() -> onOutput(out)));
        this.accounts = new TestAccounts(this, startingBalanceMsat);
        this.ledger = new Ledger(clock, (account, event) -> work.add(() -> onWallet(account, event)));
        this.settlerAccount = ledger.register(settlerKey);
    }

    Ledger ledger() {
        return ledger;
    }

    /** Runs {@code action} on the settler's thread, then everything it caused. */
    <T> CompletableFuture<T> onLoop(Supplier<T> action) {
        return CompletableFuture.supplyAsync(() -> {
            T result = action.get();
            for (Runnable next = work.poll(); next != null; next = work.poll()) {
                next.run();
            }
            return result;
        }, loop);
    }

    private void onOutput(SettlerOutput out) {
        switch (out) {
            case SettlerOutput.Wallet w -> ledger.execute(settlerAccount, w.request());
            case SettlerOutput.Publish p -> published.put(p.paymentHash(), p.preimage());
            case SettlerOutput.WakeUp w -> { } // tests do not wait for deadlines
            case SettlerOutput.Respond r -> {
                CompletableFuture<SettlerResponse> call = pending.remove(key(r.to(), r.response().callId()));
                if (call != null) {
                    call.complete(r.response());
                } else {
                    byte[] message = ServiceCodec.encode(new ServiceMessage.SettlerAnswer(r.response()));
                    notices.append(seq -> new Notice(seq, r.to(), clock.instant(), message), r.to());
                }
            }
        }
    }

    private void onWallet(int account, WalletEvent event) {
        if (account == settlerAccount) {
            settler.onWallet(event);
        } else {
            accounts.onEvent(account, event);
        }
    }

    private static String key(PublicKey to, long callId) {
        return to.hex() + "/" + callId;
    }


    // ---- SettlerBackend

    @Override
    public PublicKey id() {
        return settler.id();
    }

    @Override
    public Certificate certificate() {
        return onLoop(settler::certificate).join();
    }

    @Override
    public RevocationList revocationList() {
        return onLoop(() -> settler.authority().revocationList()).join();
    }

    @Override
    public AutoCloseable watchRevocations(Consumer<RevocationList> listener) {
        revocationWatchers.add(listener);
        return () -> revocationWatchers.remove(listener);
    }

    /** How many revocation streams are open. */
    public int revocationWatchers() {
        return revocationWatchers.size();
    }

    @Override
    public Optional<Preimage> publishedPreimage(Hash32 paymentHash) {
        return Optional.ofNullable(published.get(paymentHash));
    }

    @Override
    public Set<PublicKey> admins() {
        return admins;
    }

    @Override
    public boolean rememberNonce(PublicKey caller, byte[] nonce, Instant expiresAt) {
        Instant now = clock.instant();
        nonces.values().removeIf(at -> at.isBefore(now));
        return nonces.putIfAbsent(caller.hex() + "/" + Hex.encode(nonce), expiresAt) == null;
    }

    @Override
    public CompletableFuture<SettlerResponse> call(PublicKey caller, SettlerRequest request) {
        CompletableFuture<SettlerResponse> answer = new CompletableFuture<>();
        onLoop(() -> {
            pending.put(key(caller, request.callId()), answer);
            settler.onRequest(caller, request);
            return null;
        }).whenComplete((v, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    @Override
    public CompletableFuture<Optional<GigView>> gig(Hash32 replyHash) {
        return onLoop(() -> settler.gig(replyHash));
    }

    @Override
    public List<Notice> notices(PublicKey to, long afterSeq, int limit) {
        return notices.after(to, afterSeq, limit, Notice::to, Notice::seq);
    }

    @Override
    public CompletableFuture<Void> awaitNotice(PublicKey to, long afterSeq) {
        return notices.await(to, afterSeq, Notice::to, Notice::seq);
    }

    @Override
    public CompletableFuture<Certificate> issueCertificate(PublicKey subject) {
        return onLoop(() -> {
            Certificate c = settler.authority().issue(subject, CERT_VALIDITY);
            issued.put(c.id(), c);
            return c;
        });
    }

    @Override
    public CompletableFuture<List<Certificate>> certificates(PublicKey subject) {
        return onLoop(() -> settler.authority().certificates(subject));
    }

    @Override
    public CompletableFuture<Map<String, String>> granted(PublicKey subject) {
        return onLoop(() -> settler.authority().granted(subject));
    }

    @Override
    public CompletableFuture<Void> grant(PublicKey subject, String name, String value) {
        return onLoop(() -> {
            settler.authority().grant(subject, name, value);
            return null;
        });
    }

    @Override
    public CompletableFuture<List<Certificate>> revokeProperty(PublicKey subject, String name) {
        return onLoop(() -> {
            List<Certificate> revoked = settler.authority().revokeProperty(subject, name);
            announceRevocations();
            return revoked;
        });
    }

    @Override
    public CompletableFuture<Optional<RevocationList>> revokeCertificate(CertificateId id) {
        return onLoop(() -> {
            Certificate c = issued.get(id);
            if (c == null || settler.authority().revocationList().body().isRevoked(id)) {
                return Optional.<RevocationList>empty();
            }
            RevocationList list = settler.authority().revoke(c);
            announceRevocations();
            return Optional.of(list);
        });
    }

    /** On the settler's thread: tells the watchers the latest list. */
    private void announceRevocations() {
        RevocationList list = settler.authority().revocationList();
        revocationWatchers.forEach(w -> w.accept(list));
    }

    @Override
    public CompletableFuture<List<GigView>> disputes() {
        return onLoop(settler::disputes);
    }

    @Override
    public CompletableFuture<SettlerResponse> resolveDispute(Hash32 replyHash, boolean payWorker) {
        return onLoop(() -> settler.resolveDispute(replyHash, payWorker));
    }

    @Override
    public Optional<WalletAccounts> wallets() {
        return offerWallets ? Optional.of(accounts) : Optional.empty();
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }

    /** Every notice kept, for assertions. */
    public List<Notice> allNotices() {
        return new ArrayList<>(notices.all());
    }
}

package org.giggossip.core.settler;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.SealedBox;
import org.giggossip.core.ledger.Ledger;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.testing.FakeClock;
import org.giggossip.core.testing.TestRandom;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.ReplyPayload;
import org.giggossip.core.wire.RequestPayload;
import org.giggossip.core.wire.SignedRequestPayload;
import org.giggossip.core.wire.Signer;
import org.giggossip.core.wire.TestSigners;

/**
 * A settler on a fake clock with a seeded random source, a certified customer
 * and replier, and every output recorded; shared by the settler tests.
 */
final class SettlerFixture {
    static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);
    static final Duration TTL = Duration.ofMinutes(10);
    static final Duration WINDOW = Duration.ofHours(1);
    static final long FEE = 1_000;
    static final long JOB = 50_000;
    static final Duration CERT_VALIDITY = Duration.ofDays(30);

    static final PrivateKey SETTLER_KEY = TestSigners.key(100);
    static final PrivateKey CUSTOMER_KEY = TestSigners.key(101);
    static final PrivateKey REPLIER_KEY = TestSigners.key(102);
    static final PrivateKey STRANGER_KEY = TestSigners.key(103);
    static final PublicKey CUSTOMER = CUSTOMER_KEY.publicKey();
    static final PublicKey REPLIER = REPLIER_KEY.publicKey();
    static final PublicKey STRANGER = STRANGER_KEY.publicKey();
    static final Signer SETTLER_SIGNER = TestSigners.deterministic(SETTLER_KEY);

    final FakeClock clock = new FakeClock(T0);
    final SecureRandom random;
    final List<SettlerOutput> outputs = new ArrayList<>();
    final Settler settler;
    final SettlerConfig config;
    final Certificate customerCertificate;
    final Certificate replierCertificate;
    final SignedRequestPayload request;
    private final List<WalletEvent> walletEvents = new ArrayList<>();
    /**
     * A ledger that issues real BOLT 11 strings: the replier's job invoices, and
     * the settler's network invoices when a test plays the settler's wallet.
     */
    final Ledger wallets = new Ledger(clock, (account, event) -> walletEvents.add(event));
    private final int replierAccount;
    private final int settlerAccount;
    private final Map<Hash32, String> jobInvoices = new HashMap<>();
    private long nextCallId = 1000;

    SettlerFixture() {
        this(SettlerConfig.of(FEE, TTL, WINDOW), 42);
    }

    SettlerFixture(SettlerConfig config, long seed) {
        random = TestRandom.seeded(seed);
        this.config = config;
        settler = new Settler(config, SETTLER_SIGNER, new CertificateAuthority(SETTLER_SIGNER,
                "https://settler.example/"), clock, random, outputs::add);
        settler.authority().grant(REPLIER, "driving_licence", "valid");
        customerCertificate = settler.authority().issue(CUSTOMER, CERT_VALIDITY);
        replierCertificate = settler.authority().issue(REPLIER, CERT_VALIDITY);
        request = signedRequest(CUSTOMER_KEY, customerCertificate, 1);
        replierAccount = wallets.register(REPLIER_KEY);
        settlerAccount = wallets.register(SETTLER_KEY);
    }

    static SettlerConfig configRequiring(Map<String, String> properties) {
        return new SettlerConfig(FEE, TTL, WINDOW, SettlerConfig.DEFAULT_DISPUTE_DEADLINE,
                SettlerConfig.DEFAULT_DISPUTE_OUTCOME, Duration.ofDays(1), Duration.ofDays(365), properties, Set.of());
    }

    static SignedRequestPayload signedRequest(PrivateKey sender, Certificate certificate, int id) {
        byte[] payloadId = new byte[16];
        payloadId[15] = (byte) id;
        TaxiTopic topic = new TaxiTopic("r3gx2g5", "r3gx2f", T0.plus(Duration.ofHours(1)),
                T0.plus(Duration.ofHours(2)));
        return SignedRequestPayload.sign(new RequestPayload(PayloadId.of(payloadId), topic, certificate),
                TestSigners.deterministic(sender));
    }

    long callId() {
        return nextCallId++;
    }

    /**
     * Whether the customer paid the job invoice, as the settler's wallet sees it: a look-up of the
     * job invoice ({@link WalletRequest.LookupInvoice}, the settler's check before it reveals) is
     * answered held for the job amount when true, open when false.
     */
    boolean jobInvoiceHeld = true;
    /** False: look-ups of job invoices are left unanswered, among the outputs (a wallet that lost them). */
    boolean answerLookups = true;

    /**
     * Runs {@code action} and returns the outputs it made, but for the look-ups of job invoices, which
     * the fixture's wallet answers at once (see {@link #jobInvoiceHeld}) and whose outputs it returns too.
     */
    List<SettlerOutput> during(Runnable action) {
        int from = outputs.size();
        action.run();
        List<SettlerOutput> made = new ArrayList<>();
        for (int i = from; i < outputs.size(); i++) {
            if (answerLookups && outputs.get(i) instanceof SettlerOutput.Wallet w
                    && w.request() instanceof WalletRequest.LookupInvoice l) {
                var hash = org.giggossip.core.invoice.Bolt11.decode(l.bolt11()).orElseThrow().paymentHash();
                settler.onWallet(new WalletEvent.InvoiceLookedUp(l.callId(), hash, jobInvoiceHeld,
                        jobInvoiceHeld ? JOB : 0));
            } else {
                made.add(outputs.get(i));
            }
        }
        return List.copyOf(made);
    }

    List<SettlerOutput> request(PublicKey caller, SettlerRequest r) {
        return during(() -> settler.onRequest(caller, r));
    }

    List<SettlerOutput> wallet(WalletEvent e) {
        return during(() -> settler.onWallet(e));
    }

    List<SettlerOutput> wakeAt(Instant now) {
        clock.set(now);
        return during(settler::onWake);
    }

    /** The only response among {@code outputs}, which must be addressed to {@code to}. */
    static SettlerResponse response(List<SettlerOutput> outputs, PublicKey to) {
        List<SettlerOutput.Respond> responses = responses(outputs);
        assertThat(responses).hasSize(1);
        assertThat(responses.getFirst().to()).isEqualTo(to);
        return responses.getFirst().response();
    }

    static List<SettlerOutput.Respond> responses(List<SettlerOutput> outputs) {
        return outputs.stream().filter(o -> o instanceof SettlerOutput.Respond)
                .map(o -> (SettlerOutput.Respond) o).toList();
    }

    static List<WalletRequest> walletRequests(List<SettlerOutput> outputs) {
        return outputs.stream().filter(o -> o instanceof SettlerOutput.Wallet)
                .map(o -> ((SettlerOutput.Wallet) o).request()).toList();
    }

    static List<SettlerOutput.Publish> published(List<SettlerOutput> outputs) {
        return outputs.stream().filter(o -> o instanceof SettlerOutput.Publish)
                .map(o -> (SettlerOutput.Publish) o).toList();
    }

    static void assertRefused(List<SettlerOutput> outputs, PublicKey to, long callId, String reason) {
        assertThat(response(outputs, to)).isInstanceOfSatisfying(SettlerResponse.Refused.class, r -> {
            assertThat(r.callId()).isEqualTo(callId);
            assertThat(r.reason()).contains(reason);
        });
        assertThat(walletRequests(outputs)).isEmpty();
        assertThat(published(outputs)).isEmpty();
    }

    /** IssueReplyHash as the replier for the job amount; returns the reply hash. */
    Hash32 issue() {
        long id = callId();
        SettlerResponse r = response(request(REPLIER, new SettlerRequest.IssueReplyHash(id, request, JOB)),
                REPLIER);
        assertThat(r).isInstanceOf(SettlerResponse.ReplyHashIssued.class);
        assertThat(((SettlerResponse.ReplyHashIssued) r).callId()).isEqualTo(id);
        return ((SettlerResponse.ReplyHashIssued) r).replyPaymentHash();
    }

    /**
     * The replier's job invoice for {@code hash}: a BOLT 11 string from its wallet, alive an hour past the
     * settler's terms (invoice lifetime, dispute window and deadline), as a worker's; the first one made for
     * the hash.
     */
    String jobInvoice(Hash32 hash, long msat) {
        String made = jobInvoices.get(hash);
        if (made != null) {
            return made;
        }
        jobInvoices.put(hash, created(replierAccount, new WalletRequest.CreateHoldInvoice(callId(), hash, msat,
                clock.instant().plus(config.settlementSpan()).plus(Duration.ofHours(1)), "taxi ride")).bolt11());
        return jobInvoices.get(hash);
    }

    /**
     * A job invoice of the replier's for {@code hash} that expires at {@code expiresAt}, from a wallet of its
     * own (a ledger makes one invoice per payment hash), not remembered.
     */
    String jobInvoiceExpiringAt(Hash32 hash, long msat, Instant expiresAt) {
        List<WalletEvent> events = new ArrayList<>();
        Ledger other = new Ledger(clock, (account, event) -> events.add(event));
        other.execute(other.register(REPLIER_KEY), new WalletRequest.CreateHoldInvoice(callId(), hash, msat,
                expiresAt, "taxi ride"));
        assertThat(events.getFirst()).isInstanceOf(WalletEvent.InvoiceCreated.class);
        return ((WalletEvent.InvoiceCreated) events.getFirst()).bolt11();
    }

    /** Plays the settler's wallet: executes its CreateHoldInvoice and returns the answer. */
    WalletEvent.InvoiceCreated settlerWalletCreates(WalletRequest.CreateHoldInvoice create) {
        return created(settlerAccount, create);
    }

    private WalletEvent.InvoiceCreated created(int account, WalletRequest.CreateHoldInvoice create) {
        int from = walletEvents.size();
        wallets.execute(account, create);
        WalletEvent e = walletEvents.get(from);
        assertThat(e).isInstanceOf(WalletEvent.InvoiceCreated.class);
        return (WalletEvent.InvoiceCreated) e;
    }

    /** The replier's offer sealed to the customer's key (3.9). */
    byte[] offer() {
        return SealedBox.seal(CUSTOMER, "taxi 12 minutes away, call +61 2 5550 0000".getBytes(), random);
    }

    /** An encoded reply payload for {@code replyHash}, by the replier, for the fixture's request. */
    byte[] replyPayload(Hash32 replyHash) {
        return new ReplyPayload(replierCertificate, request, offer(), jobInvoice(replyHash, JOB)).encode();
    }

    /** SealReply with a good payload; returns the settler's CreateHoldInvoice request. */
    WalletRequest.CreateHoldInvoice seal(Hash32 replyHash, long callId) {
        List<SettlerOutput> out = request(REPLIER, new SettlerRequest.SealReply(callId, replyHash,
                replyPayload(replyHash)));
        assertThat(responses(out)).isEmpty();
        List<WalletRequest> wallet = walletRequests(out);
        assertThat(wallet).hasSize(1);
        return (WalletRequest.CreateHoldInvoice) wallet.getFirst();
    }

    /** Seals a reply and answers the settler's wallet request as a wallet would; returns the ReplySealed. */
    SettlerResponse.ReplySealed sealed(Hash32 replyHash, long callId) {
        WalletRequest.CreateHoldInvoice create = seal(replyHash, callId);
        SettlerResponse r = response(wallet(settlerWalletCreates(create)), REPLIER);
        assertThat(r).isInstanceOf(SettlerResponse.ReplySealed.class);
        return (SettlerResponse.ReplySealed) r;
    }
}

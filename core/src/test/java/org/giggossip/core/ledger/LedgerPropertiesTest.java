package org.giggossip.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.core.ledger.LedgerFixture.T0;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;

/**
 * Random sequences of hold-invoice operations, expiries included (seed 000,
 * 3.7): money is conserved after every step, no invoice outlives its expiry
 * once the ledger is advanced, and the same sequence gives the same events.
 */
class LedgerPropertiesTest {
    static final int ACCOUNTS = 4;
    static final int PREIMAGES = 5;

    sealed interface Op {}

    record Create(int issuer, int preimage, long msat, int ttlSeconds) implements Op {}

    /** Pays one of the last invoices created (see {@link #recent}), or garbage if none. */
    record Pay(int payer, int pick, long maxMsat) implements Op {}

    /**
     * Settles one of the last invoices created, as its issuer or as
     * {@code account}, with its preimage or a wrong one.
     */
    record Settle(int pick, boolean byIssuer, int account, boolean rightPreimage) implements Op {}

    /** Cancels one of the last invoices created, as its issuer or as {@code account}. */
    record Cancel(int pick, boolean byIssuer, int account) implements Op {}

    /** An invoice created by the sequence. */
    private record Created(int issuer, int preimage, String bolt11) {}

    record Mint(int account, long msat) implements Op {}

    /** Moves the clock and advances the ledger. */
    record Advance(int seconds) implements Op {}

    /** Moves the clock only: the next request must apply the expiries due. */
    record Tick(int seconds) implements Op {}

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> account = Arbitraries.integers().between(0, ACCOUNTS - 1);
        Arbitrary<Integer> preimage = Arbitraries.integers().between(0, PREIMAGES - 1);
        Arbitrary<Long> msat = Arbitraries.longs().between(1, 3_000);
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 50);
        Arbitrary<Boolean> mostly = Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false));
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(3, Combinators.combine(account, preimage, msat, Arbitraries.integers().between(20, 300))
                        .as(Create::new)),
                Tuple.of(4, Combinators.combine(account, pick, Arbitraries.longs().between(0, 10_000))
                        .as(Pay::new)),
                Tuple.of(3, Combinators.combine(pick, mostly, account, mostly).as(Settle::new)),
                Tuple.of(1, Combinators.combine(pick, mostly, account).as(Cancel::new)),
                Tuple.of(1, Combinators.combine(account, Arbitraries.longs().between(1, 3_000)).as(Mint::new)),
                Tuple.of(1, Arbitraries.integers().between(0, 40).map(Advance::new)),
                Tuple.of(1, Arbitraries.integers().between(0, 40).map(Tick::new)));
        return op.list().ofMinSize(5).ofMaxSize(80).withSizeDistribution(RandomDistribution.uniform());
    }

    @Property(tries = 150)
    void moneyIsConservedAndNothingOutlivesItsExpiry(@ForAll("operations") List<Op> ops) {
        List<LedgerFixture.Sent> first = run(ops);
        assertThat(run(ops)).as("deterministic").isEqualTo(first);
        Statistics.label("settled").collect(first.stream().anyMatch(s -> s.event() instanceof WalletEvent.PaymentSettled));
        Statistics.label("refunded by expiry").collect(first.stream().anyMatch(
                s -> s.event() instanceof WalletEvent.PaymentFailed pf && pf.reason().equals(Ledger.EXPIRED)));
        Statistics.label("settled").coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("refunded by expiry").coverage(c -> c.check(true).percentage(p -> p > 5));
    }

    static List<LedgerFixture.Sent> run(List<Op> ops) {
        LedgerFixture f = new LedgerFixture();
        int[] ids = f.accounts(1, ACCOUNTS, 2_000);
        long minted = ACCOUNTS * 2_000L;
        List<Created> created = new ArrayList<>();
        for (Op op : ops) {
            switch (op) {
                case Create c -> {
                    Instant expiresAt = f.clock.instant().plus(Duration.ofSeconds(c.ttlSeconds()));
                    for (LedgerFixture.Sent s : f.execute(ids[c.issuer()], new WalletRequest.CreateHoldInvoice(
                            f.callId(), hash(c.preimage()), c.msat(), expiresAt, "p"))) {
                        if (s.event() instanceof WalletEvent.InvoiceCreated ic) {
                            created.add(new Created(c.issuer(), c.preimage(), ic.bolt11()));
                        }
                    }
                }
                case Pay p -> f.ledger.execute(ids[p.payer()], new WalletRequest.Pay(f.callId(),
                        created.isEmpty() ? "lnbcrt1garbage" : recent(created, p.pick()).bolt11(),
                        p.maxMsat()));
                case Settle s when !created.isEmpty() -> {
                    Created c = recent(created, s.pick());
                    f.ledger.execute(ids[s.byIssuer() ? c.issuer() : s.account()], new WalletRequest.Settle(
                            f.callId(), hash(c.preimage()), preimage(c.preimage() + (s.rightPreimage() ? 0 : 1))));
                }
                case Cancel x when !created.isEmpty() -> {
                    Created c = recent(created, x.pick());
                    f.ledger.execute(ids[x.byIssuer() ? c.issuer() : x.account()], new WalletRequest.Cancel(
                            f.callId(), hash(c.preimage())));
                }
                case Settle s -> { }
                case Cancel x -> { }
                case Mint m -> {
                    f.ledger.mint(ids[m.account()], m.msat());
                    minted += m.msat();
                }
                case Advance a -> {
                    f.advanceTo(f.clock.instant().plusSeconds(a.seconds()));
                    assertNothingLiveIsDue(f, ids);
                }
                case Tick t -> f.clock.advance(Duration.ofSeconds(t.seconds()));
            }
            ConservationReport report = f.ledger.checkConservation();
            assertThat(report.holds()).as(report + " after " + op).isTrue();
            assertThat(report.mintedMsat()).isEqualTo(minted);
        }
        f.advanceTo(T0.plus(Duration.ofDays(1)));
        assertThat(f.ledger.liveInvoices()).isZero();
        assertThat(f.ledger.checkConservation().lockedMsat()).isZero();
        assertThat(f.ledger.checkConservation().balancesMsat()).isEqualTo(minted);
        LedgerStats stats = f.ledger.stats();
        assertThat(stats.invoicesCreated()).isEqualTo(
                stats.invoicesSettled() + stats.invoicesCancelled() + stats.invoicesExpired());
        return f.events;
    }

    /** One of the last few invoices created, which are the likeliest to be live: picks hit more transitions. */
    private static Created recent(List<Created> created, int pick) {
        return created.get(created.size() - 1 - pick % Math.min(created.size(), 4));
    }

    private static void assertNothingLiveIsDue(LedgerFixture f, int[] ids) {
        Instant now = f.clock.instant();
        f.ledger.nextExpiry().ifPresent(next -> assertThat(next).isAfter(now));
        for (int account : ids) {
            for (int p = 0; p < PREIMAGES; p++) {
                f.ledger.invoice(account, hash(p)).ifPresent(
                        i -> assertThat(i.expiresAt()).as("live invoice past its expiry").isAfter(now));
            }
        }
    }

    private static Preimage preimage(int n) {
        return LedgerFixture.preimage(n);
    }

    private static org.giggossip.core.wire.Hash32 hash(int n) {
        return preimage(n).paymentHash();
    }
}

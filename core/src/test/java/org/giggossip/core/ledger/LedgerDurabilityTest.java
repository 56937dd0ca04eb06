package org.giggossip.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.giggossip.core.ledger.LedgerFixture.T0;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.giggossip.core.durable.StateChanges;
import org.giggossip.core.ledger.LedgerPropertiesTest.Op;
import org.giggossip.core.ledger.proto.LedgerAccount;
import org.giggossip.core.ledger.proto.LedgerInvoice;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.testing.FakeClock;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.TestSigners;
import org.junit.jupiter.api.Test;

/**
 * The ledger's durable rows: a ledger restored from every row drained so far is
 * the live ledger (accounts, keys, funds, invoices in every state, finished
 * invoices kept, counters, expiry order) and answers every later input with the
 * same events; each input writes only the rows it changed; bad rows are refused
 * by name.
 */
class LedgerDurabilityTest {
    private static final int ACCOUNTS = LedgerPropertiesTest.ACCOUNTS;

    /** A ledger with its events, its committed rows and the invoices it created. */
    private static final class Host {
        final List<LedgerFixture.Sent> events = new ArrayList<>();
        final Map<String, byte[]> rows = new HashMap<>();
        final List<int[]> created = new ArrayList<>(); // issuer, preimage
        final List<String> bolt11 = new ArrayList<>();
        Ledger ledger;
        long callId = 1;

        void commit() {
            LedgerDurabilityTest.commit(rows, ledger.drainChanges());
        }
    }

    static void commit(Map<String, byte[]> rows, StateChanges changes) {
        changes.entries().forEach((k, v) -> {
            if (v == null) {
                rows.remove(k);
            } else {
                rows.put(k, v);
            }
        });
    }

    record Scenario(List<Op> ops, int restoreAt, boolean retain) {}

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(new LedgerPropertiesTest().operations(), Arbitraries.integers().between(0, 80),
                Arbitraries.of(true, false)).as((ops, at, retain) -> new Scenario(ops, Math.min(at, ops.size()),
                retain));
    }

    @Property(tries = 150)
    void aRestoredLedgerIsTheLiveLedger(@ForAll("scenarios") Scenario s) {
        FakeClock clock = new FakeClock(T0);
        Host live = new Host();
        live.ledger = new Ledger(clock, (a, e) -> live.events.add(new LedgerFixture.Sent(a, e)));
        if (s.retain()) {
            live.ledger.retainFinished(Duration.ofSeconds(90));
        }
        for (int i = 0; i < ACCOUNTS; i++) {
            live.ledger.mint(live.ledger.register(TestSigners.key(1 + i)), 2_000);
        }
        live.commit();
        for (Op op : s.ops().subList(0, s.restoreAt())) {
            apply(live, op, clock);
            live.commit();
        }
        Host restored = new Host();
        restored.ledger = Ledger.restore(clock, (a, e) -> restored.events.add(new LedgerFixture.Sent(a, e)),
                live.rows);
        restored.rows.putAll(live.rows);
        restored.created.addAll(live.created);
        restored.bolt11.addAll(live.bolt11);
        restored.callId = live.callId;
        assertThat(state(restored.ledger)).isEqualTo(state(live.ledger));
        assertThat(restored.ledger.drainChanges().isEmpty()).as("nothing changed by restoring").isTrue();

        int eventsBefore = live.events.size();
        Instant resumeAt = clock.instant();
        for (Op op : s.ops().subList(s.restoreAt(), s.ops().size())) {
            apply(live, op, clock);
            live.commit();
        }
        clock.set(resumeAt);
        for (Op op : s.ops().subList(s.restoreAt(), s.ops().size())) {
            apply(restored, op, clock);
            restored.commit();
            assertThat(restored.ledger.checkConservation().holds()).isTrue();
        }
        assertThat(restored.events).isEqualTo(live.events.subList(eventsBefore, live.events.size()));
        assertThat(state(restored.ledger)).isEqualTo(state(live.ledger));
        // the restored ledger's own rows restore it again, and equal the live ledger's rows
        assertThat(state(Ledger.restore(clock, (a, e) -> { }, restored.rows))).isEqualTo(state(live.ledger));
        assertThat(keysAndValues(restored.rows)).isEqualTo(keysAndValues(live.rows));
        Statistics.label("live invoices at restore").collect(Math.min(liveAt(s, live), 3));
    }

    private static int liveAt(Scenario s, Host h) {
        return h.ledger.liveInvoices();
    }

    private static Map<String, String> keysAndValues(Map<String, byte[]> rows) {
        Map<String, String> out = new HashMap<>();
        rows.forEach((k, v) -> out.put(k, org.giggossip.core.util.Hex.encode(v)));
        return out;
    }

    private static void apply(Host h, Op op, FakeClock clock) {
        Ledger l = h.ledger;
        switch (op) {
            case LedgerPropertiesTest.Create c -> {
                int before = h.events.size();
                l.execute(c.issuer(), new WalletRequest.CreateHoldInvoice(h.callId++, hash(c.preimage()), c.msat(),
                        clock.instant().plusSeconds(c.ttlSeconds()), "p"));
                for (LedgerFixture.Sent sent : h.events.subList(before, h.events.size())) {
                    if (sent.event() instanceof WalletEvent.InvoiceCreated ic) {
                        h.created.add(new int[] {c.issuer(), c.preimage()});
                        h.bolt11.add(ic.bolt11());
                    }
                }
            }
            case LedgerPropertiesTest.Pay p -> l.execute(p.payer(), new WalletRequest.Pay(h.callId++,
                    h.bolt11.isEmpty() ? "lnbcrt1garbage" : h.bolt11.get(recent(h, p.pick())), p.maxMsat()));
            case LedgerPropertiesTest.Settle s -> {
                if (!h.created.isEmpty()) {
                    int[] c = h.created.get(recent(h, s.pick()));
                    l.execute(s.byIssuer() ? c[0] : s.account(), new WalletRequest.Settle(h.callId++, hash(c[1]),
                            LedgerFixture.preimage(c[1] + (s.rightPreimage() ? 0 : 1))));
                }
            }
            case LedgerPropertiesTest.Cancel x -> {
                if (!h.created.isEmpty()) {
                    int[] c = h.created.get(recent(h, x.pick()));
                    l.execute(x.byIssuer() ? c[0] : x.account(), new WalletRequest.Cancel(h.callId++, hash(c[1])));
                }
            }
            case LedgerPropertiesTest.Mint m -> l.mint(m.account(), m.msat());
            case LedgerPropertiesTest.Advance a -> {
                clock.advance(Duration.ofSeconds(a.seconds()));
                l.advance(clock.instant());
            }
            case LedgerPropertiesTest.Tick t -> clock.advance(Duration.ofSeconds(t.seconds()));
        }
    }

    private static int recent(Host h, int pick) {
        return h.created.size() - 1 - pick % Math.min(h.created.size(), 4);
    }

    private static Hash32 hash(int n) {
        return LedgerFixture.preimage(n).paymentHash();
    }

    /** Everything observable about a ledger. */
    static List<Object> state(Ledger l) {
        List<Object> out = new ArrayList<>();
        out.add(l.stats());
        out.add(l.checkConservation().toString());
        out.add(l.nextExpiry());
        out.add(l.liveInvoices());
        out.add(l.finishedRetention());
        for (int a = 0; a < l.accountCount(); a++) {
            out.add(l.accountStats(a));
            out.add(l.announcements(a));
            for (int p = 0; p < LedgerPropertiesTest.PREIMAGES + 1; p++) {
                out.add(l.invoice(a, hash(p)));
                out.add(l.finished(a, hash(p)));
            }
        }
        return out;
    }

    // ---- incremental rows -------------------------------------------------------

    @Test
    void eachInputWritesOnlyTheRowsItChanged() {
        LedgerFixture f = new LedgerFixture();
        int[] ids = f.accounts(1, 3, 5_000);
        StateChanges first = f.ledger.drainChanges();
        assertThat(first.entries().keySet()).containsExactlyInAnyOrder("meta", "a/0", "a/1", "a/2");
        assertThat(f.ledger.drainChanges().isEmpty()).isTrue();

        Preimage p = LedgerFixture.preimage(7);
        String bolt11 = f.invoice(ids[0], p, 1_000);
        String row = "i/0/" + p.paymentHash().hex();
        assertThat(f.ledger.drainChanges().entries().keySet()).containsExactlyInAnyOrder("meta", "a/0", row);
        f.pay(ids[1], bolt11, 1_000);
        assertThat(f.ledger.drainChanges().entries().keySet()).containsExactlyInAnyOrder("meta", "a/1", row);
        f.execute(ids[0], new WalletRequest.Settle(f.callId(), p.paymentHash(), p));
        StateChanges settled = f.ledger.drainChanges();
        assertThat(settled.entries().keySet()).containsExactlyInAnyOrder("meta", "a/0", "a/1", row);
        assertThat(settled.entries().get(row)).as("the settled invoice's row is deleted").isNull();
    }

    // ---- idempotent answers -------------------------------------------------------

    @Test
    void aRetainedFinishedInvoiceAnswersARepeatedSettleCancelOrPayAsTheFirstTime() {
        LedgerFixture f = new LedgerFixture();
        f.ledger.retainFinished(Duration.ofMinutes(5));
        int[] ids = f.accounts(1, 2, 5_000);
        Preimage p = LedgerFixture.preimage(1);
        String bolt11 = f.invoice(ids[0], p, 1_000);
        f.pay(ids[1], bolt11, 1_000);
        f.execute(ids[0], new WalletRequest.Settle(f.callId(), p.paymentHash(), p));
        long balance = f.ledger.balance(ids[0]);

        assertThat(f.executeOne(ids[0], new WalletRequest.Settle(f.callId(), p.paymentHash(), p)))
                .isEqualTo(new WalletEvent.InvoiceSettled(p.paymentHash(), 1_000));
        assertThat(f.executeOne(ids[0], new WalletRequest.Settle(9, p.paymentHash(), LedgerFixture.preimage(2))))
                .isInstanceOf(WalletEvent.CallFailed.class);
        assertThat(f.executeOne(ids[1], new WalletRequest.Pay(10, bolt11, 1_000)))
                .isEqualTo(new WalletEvent.PaymentFailed(10, p.paymentHash(), WalletEvent.PaymentFailed.ALREADY_PAID));
        assertThat(f.ledger.balance(ids[0])).as("nothing paid twice").isEqualTo(balance);

        Preimage q = LedgerFixture.preimage(3);
        f.invoice(ids[0], q, 500);
        f.execute(ids[0], new WalletRequest.Cancel(f.callId(), q.paymentHash()));
        assertThat(f.executeOne(ids[0], new WalletRequest.Cancel(11, q.paymentHash())))
                .isEqualTo(new WalletEvent.InvoiceCancelled(q.paymentHash(), Ledger.CANCELLED_BY_ISSUER));

        // after the retention the ledger forgets them, and deletes their rows
        f.ledger.drainChanges();
        f.advanceTo(f.clock.instant().plus(Duration.ofMinutes(6)));
        StateChanges pruned = f.ledger.drainChanges();
        assertThat(pruned.entries()).containsEntry("f/0/" + p.paymentHash().hex(), null)
                .containsEntry("f/0/" + q.paymentHash().hex(), null);
        assertThat(f.executeOne(ids[0], new WalletRequest.Cancel(12, q.paymentHash())))
                .isInstanceOf(WalletEvent.CallFailed.class);
        f.assertConserved();
    }

    // ---- hostile rows ---------------------------------------------------------------

    private static Map<String, byte[]> sampleRows(LedgerFixture f, Preimage p) {
        int[] ids = f.accounts(1, 2, 5_000);
        f.pay(ids[1], f.invoice(ids[0], p, 1_000), 1_000);
        Map<String, byte[]> rows = new HashMap<>();
        commit(rows, f.ledger.drainChanges());
        return rows;
    }

    @Test
    void aCorruptedRowIsRefusedByName() {
        LedgerFixture f = new LedgerFixture();
        Preimage p = LedgerFixture.preimage(1);
        Map<String, byte[]> rows = sampleRows(f, p);
        String invoiceRow = "i/0/" + p.paymentHash().hex();
        assertThat(Ledger.restore(f.clock, (a, e) -> { }, rows).checkConservation().holds()).isTrue();

        Map<String, byte[]> garbage = new HashMap<>(rows);
        garbage.put(invoiceRow, new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
        assertRefused(f, garbage, invoiceRow);

        Map<String, byte[]> missing = new HashMap<>(rows);
        missing.remove("a/1");
        assertRefused(f, missing, "a/1");

        Map<String, byte[]> richer = new HashMap<>(rows);
        richer.put("a/0", mutateAccount(rows.get("a/0"), 1));
        assertRefused(f, richer, "meta");

        Map<String, byte[]> unlocked = new HashMap<>(rows);
        unlocked.put(invoiceRow, mutateInvoice(rows.get(invoiceRow)));
        assertRefused(f, unlocked, "a/1");

        Map<String, byte[]> stranger = new HashMap<>(rows);
        stranger.put("x/1", new byte[0]);
        assertRefused(f, stranger, "x/1");

        Map<String, byte[]> moved = new HashMap<>(rows);
        moved.put("i/1/" + p.paymentHash().hex(), moved.remove(invoiceRow));
        assertRefused(f, moved, "i/1/" + p.paymentHash().hex());
    }

    private static void assertRefused(LedgerFixture f, Map<String, byte[]> rows, String row) {
        assertThatThrownBy(() -> Ledger.restore(f.clock, (a, e) -> { }, rows))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + row + "'");
    }

    private static byte[] mutateAccount(byte[] row, long extra) {
        try {
            LedgerAccount a = LedgerAccount.parseFrom(row);
            return a.toBuilder().setBalanceMsat(a.getBalanceMsat() + extra).build().toByteArray();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] mutateInvoice(byte[] row) {
        try {
            return LedgerInvoice.parseFrom(row).toBuilder().setState(LedgerInvoice.State.OPEN).clearPayer().build()
                    .toByteArray();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}

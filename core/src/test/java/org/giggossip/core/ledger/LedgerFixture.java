package org.giggossip.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.testing.FakeClock;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.TestSigners;

/** A ledger on a fake clock that records every event; shared by the ledger tests. */
final class LedgerFixture {
    static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);
    static final Duration TTL = Duration.ofMinutes(10);

    /** One delivered event. */
    record Sent(int account, WalletEvent event) {}

    final FakeClock clock = new FakeClock(T0);
    final List<Sent> events = new ArrayList<>();
    final Ledger ledger = new Ledger(clock, (account, event) -> events.add(new Sent(account, event)));
    private long nextCallId = 1;

    /** Registers accounts whose keys are the numbers {@code first, first + 1, ...}, each minted {@code msat}. */
    int[] accounts(int first, int n, long msat) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = ledger.register(TestSigners.key(first + i));
            if (msat > 0) {
                ledger.mint(ids[i], msat);
            }
        }
        return ids;
    }

    static Preimage preimage(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) 0x5a;
        b[31] = (byte) n;
        b[30] = (byte) (n >>> 8);
        return Preimage.of(b);
    }

    long callId() {
        return nextCallId++;
    }

    /** Creates a hold invoice that expires after {@link #TTL} and returns its BOLT 11 string. */
    String invoice(int issuer, Preimage preimage, long msat) {
        return invoice(issuer, preimage, msat, clock.instant().plus(TTL));
    }

    String invoice(int issuer, Preimage preimage, long msat, Instant expiresAt) {
        return invoice(issuer, preimage.paymentHash(), msat, expiresAt);
    }

    /** Creates a hold invoice for a payment hash whose preimage the issuer does not know (a middleman's). */
    String invoice(int issuer, Hash32 paymentHash, long msat, Instant expiresAt) {
        long id = callId();
        WalletEvent e = executeOne(issuer, new WalletRequest.CreateHoldInvoice(id, paymentHash, msat,
                expiresAt, "test invoice"));
        assertThat(e).isInstanceOf(WalletEvent.InvoiceCreated.class);
        WalletEvent.InvoiceCreated created = (WalletEvent.InvoiceCreated) e;
        assertThat(created.callId()).isEqualTo(id);
        return created.bolt11();
    }

    /** Executes a request and returns the events it caused. */
    List<Sent> execute(int account, WalletRequest request) {
        int from = events.size();
        ledger.execute(account, request);
        return List.copyOf(events.subList(from, events.size()));
    }

    /** Executes a request that must cause exactly one event, for {@code account}, and returns it. */
    WalletEvent executeOne(int account, WalletRequest request) {
        List<Sent> sent = execute(account, request);
        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst().account()).isEqualTo(account);
        return sent.getFirst().event();
    }

    List<Sent> pay(int payer, String bolt11, long max) {
        return execute(payer, new WalletRequest.Pay(callId(), bolt11, max));
    }

    List<Sent> advanceTo(Instant now) {
        int from = events.size();
        clock.set(now);
        ledger.advance(now);
        return List.copyOf(events.subList(from, events.size()));
    }

    void assertConserved() {
        ConservationReport report = ledger.checkConservation();
        assertThat(report.holds()).as(report.toString()).isTrue();
    }
}

package org.giggossip.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.core.ledger.LedgerFixture.T0;
import static org.giggossip.core.ledger.LedgerFixture.TTL;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.giggossip.core.ledger.LedgerFixture.Sent;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.wire.Hash32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cryptographic payment chain (seed 000, 3.8, Figure 12): five hold invoices
 * share one payment hash; the customer pays middleman 1, who pays middleman 2,
 * ..., who pays the settler; the settler's preimage settles the chain backwards.
 */
class LedgerChainTest {
    static final long FUNDS = 1_000_000;
    static final long SETTLER_FEE = 1_000;
    static final long HOP_FEE = 100;
    static final int MIDDLEMEN = 4;

    LedgerFixture f;
    int customer;
    int[] middlemen;
    int settler;
    Preimage preimage;
    Hash32 hash;
    /** What each issuer pays when its own invoice is accepted: the next invoice up the chain. */
    final Map<Integer, String> upstream = new HashMap<>();
    String customerInvoice;

    @BeforeEach
    void setUp() {
        f = new LedgerFixture();
        customer = f.accounts(1, 1, FUNDS)[0];
        middlemen = f.accounts(10, MIDDLEMEN, FUNDS);
        settler = f.accounts(20, 1, FUNDS)[0];
        preimage = LedgerFixture.preimage(7);
        hash = preimage.paymentHash();
        // invoices are issued from the settler back towards the customer (3.9), each adding its fee
        String previous = f.invoice(settler, preimage, SETTLER_FEE);
        long amount = SETTLER_FEE;
        for (int i = MIDDLEMEN - 1; i >= 0; i--) {
            amount += HOP_FEE;
            upstream.put(middlemen[i], previous);
            previous = f.invoice(middlemen[i], hash, amount, T0.plus(TTL));
        }
        customerInvoice = previous;
    }

    /**
     * Plays every account's part: a middleman pays upstream when its invoice is
     * accepted and settles its own invoice when its upstream payment settles.
     * The settler does nothing by itself. Returns the events handled.
     */
    List<Sent> drive(int from) {
        List<Sent> handled = new ArrayList<>();
        for (int i = from; i < f.events.size(); i++) {
            Sent s = f.events.get(i);
            handled.add(s);
            String next = upstream.get(s.account());
            switch (s.event()) {
                case WalletEvent.InvoiceAccepted a when next != null ->
                        f.ledger.execute(s.account(), new WalletRequest.Pay(f.callId(), next, Long.MAX_VALUE));
                case WalletEvent.PaymentSettled settled when next != null ->
                        f.ledger.execute(s.account(), new WalletRequest.Settle(f.callId(), settled.paymentHash(),
                                settled.preimage()));
                default -> { }
            }
        }
        return handled;
    }

    @Test
    void acceptancesRippleToTheSettlerAndThePreimageRipplesBack() {
        int start = f.events.size();
        f.ledger.execute(customer, new WalletRequest.Pay(f.callId(), customerInvoice, 2_000));
        drive(start);
        // every invoice of the chain is accepted, none settled: the preimage is still the settler's secret
        for (int m : middlemen) {
            assertThat(f.ledger.invoice(m, hash).orElseThrow().state()).isEqualTo(InvoiceState.ACCEPTED);
        }
        assertThat(f.ledger.invoice(settler, hash).orElseThrow().state()).isEqualTo(InvoiceState.ACCEPTED);
        assertThat(f.events).noneMatch(s -> s.event() instanceof WalletEvent.PaymentSettled);
        assertThat(f.ledger.checkConservation().lockedMsat()).isEqualTo(
                5 * SETTLER_FEE + HOP_FEE * (1 + 2 + 3 + 4));
        f.assertConserved();

        start = f.events.size();
        f.ledger.execute(settler, new WalletRequest.Settle(f.callId(), hash, preimage));
        List<Sent> ripple = drive(start);

        // the preimage reaches every payer, ending with the customer
        List<Integer> learnt = ripple.stream().filter(s -> s.event() instanceof WalletEvent.PaymentSettled)
                .map(Sent::account).toList();
        assertThat(learnt).containsExactly(middlemen[3], middlemen[2], middlemen[1], middlemen[0], customer);
        assertThat(ripple).filteredOn(s -> s.event() instanceof WalletEvent.PaymentSettled)
                .allSatisfy(s -> assertThat(((WalletEvent.PaymentSettled) s.event()).preimage()).isEqualTo(preimage));
        assertThat(f.ledger.liveInvoices()).isZero();
        assertThat(f.ledger.balance(customer)).isEqualTo(FUNDS - SETTLER_FEE - MIDDLEMEN * HOP_FEE);
        for (int m : middlemen) {
            assertThat(f.ledger.balance(m)).isEqualTo(FUNDS + HOP_FEE);
            assertThat(f.ledger.locked(m)).isZero();
        }
        assertThat(f.ledger.balance(settler)).isEqualTo(FUNDS + SETTLER_FEE);
        assertThat(f.ledger.stats().invoicesSettled()).isEqualTo(5);
        f.assertConserved();
    }

    @Test
    void withoutThePreimageTheChainExpiresAndEveryoneIsRefunded() {
        int start = f.events.size();
        f.ledger.execute(customer, new WalletRequest.Pay(f.callId(), customerInvoice, 2_000));
        drive(start);
        List<Sent> expiry = f.advanceTo(T0.plus(TTL));
        assertThat(expiry).filteredOn(s -> s.event() instanceof WalletEvent.PaymentFailed)
                .extracting(Sent::account)
                .containsExactlyInAnyOrder(customer, middlemen[0], middlemen[1], middlemen[2], middlemen[3]);
        assertThat(expiry).filteredOn(s -> s.event() instanceof WalletEvent.InvoiceCancelled).hasSize(5);
        assertThat(f.ledger.balance(customer)).isEqualTo(FUNDS);
        for (int m : middlemen) {
            assertThat(f.ledger.balance(m)).isEqualTo(FUNDS);
        }
        assertThat(f.ledger.balance(settler)).isEqualTo(FUNDS);
        assertThat(f.ledger.stats().invoicesExpired()).isEqualTo(5);
        assertThat(f.ledger.checkConservation().lockedMsat()).isZero();
        f.assertConserved();
    }
}

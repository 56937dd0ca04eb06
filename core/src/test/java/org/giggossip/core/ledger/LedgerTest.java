package org.giggossip.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.giggossip.core.ledger.LedgerFixture.T0;
import static org.giggossip.core.ledger.LedgerFixture.TTL;
import static org.giggossip.core.ledger.LedgerFixture.preimage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.invoice.Bolt11Builder;
import org.giggossip.core.invoice.Bolt11Invoice;
import org.giggossip.core.ledger.LedgerFixture.Sent;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.testing.FakeClock;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.TestSigners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every transition of a hold invoice and every refusal (seed 000, 3.7), on a fake clock. */
class LedgerTest {
    static final long FUNDS = 100_000;

    LedgerFixture f;
    Ledger ledger;
    int alice;
    int bob;
    int carol;
    Preimage p;
    Hash32 h;

    @BeforeEach
    void setUp() {
        f = new LedgerFixture();
        ledger = f.ledger;
        int[] ids = f.accounts(11, 3, FUNDS);
        alice = ids[0];
        bob = ids[1];
        carol = ids[2];
        p = preimage(1);
        h = p.paymentHash();
    }

    static void assertFailedCall(WalletEvent e, long callId, String reason) {
        assertThat(e).isInstanceOfSatisfying(WalletEvent.CallFailed.class, c -> {
            assertThat(c.callId()).isEqualTo(callId);
            assertThat(c.reason()).contains(reason);
        });
    }

    void assertRefusedPayment(List<Sent> sent, int payer, String reason) {
        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst().account()).isEqualTo(payer);
        assertThat(sent.getFirst().event()).isInstanceOfSatisfying(WalletEvent.PaymentFailed.class,
                e -> assertThat(e.reason()).contains(reason));
        f.assertConserved();
    }

    // --- accounts and minting

    @Test
    void accountsAreNumberedInOrderAndFoundByNodeId() {
        assertThat(ledger.accountCount()).isEqualTo(3);
        assertThat(ledger.account(TestSigners.key(12).publicKey())).isEqualTo(OptionalInt.of(bob));
        assertThat(ledger.id(carol)).isEqualTo(TestSigners.key(13).publicKey());
        assertThat(ledger.account(TestSigners.key(99).publicKey())).isEmpty();
        assertThatThrownBy(() -> ledger.register(TestSigners.key(11))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mintIsTheOnlySourceOfMoney() {
        ledger.mint(alice, 5);
        assertThat(ledger.balance(alice)).isEqualTo(FUNDS + 5);
        assertThat(ledger.checkConservation().mintedMsat()).isEqualTo(3 * FUNDS + 5);
        f.assertConserved();
        assertThatThrownBy(() -> ledger.mint(alice, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.mint(7, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.execute(-1, new WalletRequest.Cancel(1, h)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- CreateHoldInvoice

    @Test
    void createIssuesAnOpenInvoiceAsBolt11() {
        String bolt11 = f.invoice(alice, p, 1_000);
        assertThat(bolt11).startsWith("lnbcrt");
        InvoiceInfo info = ledger.invoice(alice, h).orElseThrow();
        assertThat(info.state()).isEqualTo(InvoiceState.OPEN);
        assertThat(info.amountMsat()).isEqualTo(1_000);
        assertThat(info.expiresAt()).isEqualTo(T0.plus(TTL));
        assertThat(info.payer()).isEmpty();
        assertThat(ledger.nextExpiry()).contains(T0.plus(TTL));
        assertThat(ledger.stats().invoicesCreated()).isEqualTo(1);
        assertThat(ledger.stats().invoicesOpen()).isEqualTo(1);
        assertThat(ledger.accountStats(alice).invoicesCreated()).isEqualTo(1);
    }

    @Test
    void theSameCreateAgainIsAnsweredAsTheFirstWithoutASecondInvoice() {
        WalletRequest.CreateHoldInvoice create = new WalletRequest.CreateHoldInvoice(78, h, 1_000, T0.plus(TTL), "");
        WalletEvent first = f.executeOne(alice, create);
        WalletEvent again = f.executeOne(alice, create);
        assertThat(first).isInstanceOf(WalletEvent.InvoiceCreated.class);
        assertThat(again).isInstanceOfSatisfying(WalletEvent.InvoiceCreated.class, c -> {
            assertThat(c.callId()).isEqualTo(78);
            assertThat(c.paymentHash()).isEqualTo(h);
        });
        assertThat(ledger.liveInvoices()).isEqualTo(1);
        assertThat(ledger.stats().invoicesCreated()).isEqualTo(1);
    }

    @Test
    void aDuplicatePaymentHashOfOneIssuerFails() {
        f.invoice(alice, p, 1_000);
        WalletEvent e = f.executeOne(alice, new WalletRequest.CreateHoldInvoice(77, h, 2_000, T0.plus(TTL), ""));
        assertFailedCall(e, 77, "already exists");
        assertThat(ledger.invoice(alice, h).orElseThrow().amountMsat()).isEqualTo(1_000);
        // another issuer may use the same hash: that is a payment chain (3.8)
        f.invoice(bob, p, 1_100);
        assertThat(ledger.liveInvoices()).isEqualTo(2);
        assertThat(ledger.stats().callsFailed()).isEqualTo(1);
    }

    @Test
    void anExpiryThatIsNotInTheFutureFails() {
        assertFailedCall(f.executeOne(alice, new WalletRequest.CreateHoldInvoice(5, h, 1, T0, "")), 5,
                "not after now");
        assertFailedCall(f.executeOne(alice, new WalletRequest.CreateHoldInvoice(6, h, 1, T0.minusSeconds(1), "")),
                6, "not after now");
        assertThat(ledger.liveInvoices()).isZero();
    }

    // --- Pay

    @Test
    void payLocksTheFundsAndAcceptsTheInvoice() {
        String bolt11 = f.invoice(alice, p, 1_000);
        List<Sent> sent = f.execute(bob, new WalletRequest.Pay(42, bolt11, 1_000));
        assertThat(sent).containsExactly(
                new Sent(bob, new WalletEvent.PaymentAccepted(42, h, 1_000)),
                new Sent(alice, new WalletEvent.InvoiceAccepted(h, 1_000)));
        assertThat(ledger.balance(bob)).isEqualTo(FUNDS - 1_000);
        assertThat(ledger.locked(bob)).isEqualTo(1_000);
        assertThat(ledger.balance(alice)).isEqualTo(FUNDS);
        InvoiceInfo info = ledger.invoice(alice, h).orElseThrow();
        assertThat(info.state()).isEqualTo(InvoiceState.ACCEPTED);
        assertThat(info.payer()).isEqualTo(OptionalInt.of(bob));
        assertThat(ledger.stats().invoicesAccepted()).isEqualTo(1);
        assertThat(ledger.stats().invoicesOpen()).isZero();
        f.assertConserved();
    }

    // --- LookupInvoice (a settler's check of a job invoice before it reveals)

    @Test
    void anyAccountMayLookUpAnInvoiceOfTheLedgerAndSeeWhetherItIsHeld() {
        String bolt11 = f.invoice(alice, p, 1_000);
        assertThat(f.executeOne(carol, new WalletRequest.LookupInvoice(50, bolt11)))
                .isEqualTo(new WalletEvent.InvoiceLookedUp(50, h, false, 0));
        f.execute(bob, new WalletRequest.Pay(42, bolt11, 1_000));
        assertThat(f.executeOne(carol, new WalletRequest.LookupInvoice(51, bolt11)))
                .isEqualTo(new WalletEvent.InvoiceLookedUp(51, h, true, 1_000));
        f.execute(alice, new WalletRequest.Settle(43, h, p));
        assertFailedCall(f.executeOne(carol, new WalletRequest.LookupInvoice(52, bolt11)), 52, "no live invoice");
        assertFailedCall(f.executeOne(carol, new WalletRequest.LookupInvoice(53, "not an invoice")), 53, "invalid");
        assertFailedCall(f.executeOne(carol, new WalletRequest.LookupInvoice(54, issuedElsewhere(77, 1_000))), 54,
                "no live invoice");
        f.assertConserved();
    }

    @Test
    void payRefusesGarbage() {
        assertRefusedPayment(f.pay(bob, "not an invoice", 1_000), bob, "invalid invoice");
        assertRefusedPayment(f.pay(bob, "", 1_000), bob, "invalid invoice");
        assertThat(ledger.stats().paymentsRefused()).isEqualTo(2);
    }

    @Test
    void createFailsForAMemoNoInvoiceCanCarry() {
        WalletEvent e = f.executeOne(alice, new WalletRequest.CreateHoldInvoice(8, h, 1_000, T0.plus(TTL),
                "x".repeat(Bolt11Builder.MAX_DESCRIPTION_BYTES + 1)));
        assertFailedCall(e, 8, "cannot encode the invoice");
        assertThat(ledger.liveInvoices()).isZero();
    }

    @Test
    void theInvoiceIsRealBolt11SignedByTheIssuer() {
        String bolt11 = f.invoice(alice, p, 1_234, T0.plus(TTL).plusMillis(1));
        Bolt11Invoice invoice = Bolt11.decode(bolt11).orElseThrow();
        assertThat(invoice.currency()).isEqualTo("bcrt");
        assertThat(invoice.amountMsat()).hasValue(1_234);
        assertThat(invoice.paymentHash()).isEqualTo(h);
        assertThat(invoice.isPayee(ledger.id(alice))).isTrue();
        assertThat(invoice.timestamp()).isEqualTo(T0);
        assertThat(invoice.expiresAt()).as("rounded up to whole seconds").isEqualTo(T0.plus(TTL).plusSeconds(1));
        assertThat(invoice.description()).contains("test invoice");
    }

    /** An invoice signed by alice's key, but not as the ledger writes them. */
    static String aliceSigned(String currency, boolean withAmount) {
        var builder = Bolt11Invoice.builder(currency).timestamp(T0).paymentHash(preimage(1).paymentHash())
                .paymentSecret(new byte[32]).description("odd").expiry(Duration.ofHours(1));
        if (withAmount) {
            builder.amountMsat(1_000);
        }
        return Bolt11.encode(builder, TestSigners.key(11));
    }

    @Test
    void payRefusesAnotherCurrencyAndAMissingAmount() {
        f.invoice(alice, p, 1_000);
        assertRefusedPayment(f.pay(bob, aliceSigned("bc", true), 1_000), bob, "not bcrt");
        assertRefusedPayment(f.pay(bob, aliceSigned("bcrt", false), 1_000), bob, "without an amount");
    }

    @Test
    void payRefusesAnInvoiceWithABrokenSignature() {
        String bolt11 = f.invoice(alice, p, 1_000);
        char[] chars = bolt11.toCharArray();
        int at = chars.length - 20; // inside the signature
        chars[at] = chars[at] == 'q' ? 'p' : 'q';
        assertRefusedPayment(f.pay(bob, new String(chars), 1_000), bob, "invalid invoice");
    }

    /** An invoice for {@code p} issued by another ledger's account whose key is the number {@code key}. */
    String issuedElsewhere(int key, long msat) {
        LedgerFixture other = new LedgerFixture();
        return other.invoice(other.accounts(key, 1, 0)[0], p, msat);
    }

    @Test
    void payRefusesAnUnknownPayee() {
        assertRefusedPayment(f.pay(bob, issuedElsewhere(50, 1_000), 1_000), bob, "unknown payee");
    }

    @Test
    void payRefusesAnInvoiceTheLedgerNeverIssued() {
        // alice's key, but another ledger
        assertRefusedPayment(f.pay(bob, issuedElsewhere(11, 1_000), 1_000), bob, "unknown invoice");
    }

    @Test
    void payRefusesAnInvoiceThatDiffersFromTheIssuedOne() {
        f.invoice(alice, p, 1_000);
        assertRefusedPayment(f.pay(bob, issuedElsewhere(11, 999), 1_000), bob, "does not match");
    }

    @Test
    void payRefusesAnAlreadyPaidInvoice() {
        String bolt11 = f.invoice(alice, p, 1_000);
        f.pay(bob, bolt11, 1_000);
        assertRefusedPayment(f.pay(carol, bolt11, 1_000), carol, "already paid");
        assertThat(ledger.invoice(alice, h).orElseThrow().payer()).isEqualTo(OptionalInt.of(bob));
        assertThat(ledger.locked(carol)).isZero();
    }

    @Test
    void payRefusesASettledOrCancelledInvoice() {
        String settled = f.invoice(alice, p, 1_000);
        f.pay(bob, settled, 1_000);
        f.execute(alice, new WalletRequest.Settle(1, h, p));
        assertRefusedPayment(f.pay(carol, settled, 1_000), carol, "unknown invoice");

        Preimage q = preimage(2);
        String cancelled = f.invoice(alice, q, 1_000);
        f.execute(alice, new WalletRequest.Cancel(2, q.paymentHash()));
        assertRefusedPayment(f.pay(carol, cancelled, 1_000), carol, "unknown invoice");
    }

    @Test
    void payRefusesAnExpiredInvoice() {
        String bolt11 = f.invoice(alice, p, 1_000);
        f.advanceTo(T0.plus(TTL));
        assertRefusedPayment(f.pay(bob, bolt11, 1_000), bob, "expired");
        f.clock.set(T0.plus(TTL).plus(Duration.ofDays(1)));
        var refused = f.pay(bob, bolt11, 1_000);
        assertRefusedPayment(refused, bob, "expired");
        // the invoice still decodes: the refusal names its payment hash, so the payer knows which payment failed
        assertThat(((WalletEvent.PaymentFailed) refused.getFirst().event()).paymentHash()).isEqualTo(h);
    }

    @Test
    void payRefusesAnAmountAboveTheMaximum() {
        String bolt11 = f.invoice(alice, p, 1_000);
        assertRefusedPayment(f.pay(bob, bolt11, 999), bob, "exceeds the maximum 999");
        assertThat(ledger.invoice(alice, h).orElseThrow().state()).isEqualTo(InvoiceState.OPEN);
    }

    @Test
    void payRefusesWithoutFunds() {
        String bolt11 = f.invoice(alice, p, FUNDS + 1);
        assertRefusedPayment(f.pay(bob, bolt11, Long.MAX_VALUE), bob, "insufficient funds");
        assertThat(ledger.balance(bob)).isEqualTo(FUNDS);
        int poor = f.accounts(40, 1, 0)[0];
        assertRefusedPayment(f.pay(poor, f.invoice(alice, preimage(3), 1), 1), poor, "insufficient funds");
    }

    @Test
    void payRefusesAnOwnInvoice() {
        assertRefusedPayment(f.pay(alice, f.invoice(alice, p, 1_000), 1_000), alice, "own invoice");
    }

    @Test
    void aPayerPaysAtMostOneInvoicePerPaymentHash() {
        f.pay(carol, f.invoice(alice, p, 1_000), 1_000);
        assertRefusedPayment(f.pay(carol, f.invoice(bob, p, 1_000), 1_000), carol, "already paying");
    }

    // --- Settle

    @Test
    void settleMovesTheFundsAndGivesThePayerThePreimage() {
        f.execute(bob, new WalletRequest.Pay(9, f.invoice(alice, p, 1_000), 1_000));
        List<Sent> sent = f.execute(alice, new WalletRequest.Settle(10, h, p));
        assertThat(sent).containsExactly(
                new Sent(alice, new WalletEvent.InvoiceSettled(h, 1_000)),
                new Sent(bob, new WalletEvent.PaymentSettled(h, p, 1_000)));
        assertThat(ledger.balance(alice)).isEqualTo(FUNDS + 1_000);
        assertThat(ledger.balance(bob)).isEqualTo(FUNDS - 1_000);
        assertThat(ledger.locked(bob)).isZero();
        assertThat(ledger.invoice(alice, h)).isEmpty();
        assertThat(ledger.liveInvoices()).isZero();
        assertThat(ledger.nextExpiry()).isEmpty();
        assertThat(ledger.stats().settledMsat()).isEqualTo(1_000);
        AccountStats a = ledger.accountStats(alice);
        assertThat(a.invoicesSettled()).isEqualTo(1);
        assertThat(a.receivedMsat()).isEqualTo(1_000);
        assertThat(ledger.accountStats(bob).paidMsat()).isEqualTo(1_000);
        f.assertConserved();
    }

    @Test
    void onlyTheIssuerSettles() {
        f.pay(bob, f.invoice(alice, p, 1_000), 1_000);
        assertFailedCall(f.executeOne(carol, new WalletRequest.Settle(3, h, p)), 3, "no live invoice");
        assertFailedCall(f.executeOne(bob, new WalletRequest.Settle(4, h, p)), 4, "no live invoice");
        assertThat(ledger.invoice(alice, h).orElseThrow().state()).isEqualTo(InvoiceState.ACCEPTED);
    }

    @Test
    void onlyAnAcceptedInvoiceSettles() {
        f.invoice(alice, p, 1_000);
        assertFailedCall(f.executeOne(alice, new WalletRequest.Settle(3, h, p)), 3, "is OPEN, not ACCEPTED");
        assertThat(ledger.invoice(alice, h).orElseThrow().state()).isEqualTo(InvoiceState.OPEN);
    }

    @Test
    void onlyTheMatchingPreimageSettles() {
        f.pay(bob, f.invoice(alice, p, 1_000), 1_000);
        assertFailedCall(f.executeOne(alice, new WalletRequest.Settle(3, h, preimage(2))), 3,
                "preimage does not match");
        assertThat(ledger.locked(bob)).isEqualTo(1_000);
        f.assertConserved();
    }

    // --- Cancel

    @Test
    void cancelAnOpenInvoice() {
        f.invoice(alice, p, 1_000);
        assertThat(f.execute(alice, new WalletRequest.Cancel(3, h))).containsExactly(
                new Sent(alice, new WalletEvent.InvoiceCancelled(h, Ledger.CANCELLED_BY_ISSUER)));
        assertThat(ledger.invoice(alice, h)).isEmpty();
        assertThat(ledger.stats().invoicesCancelled()).isEqualTo(1);
        assertThat(ledger.accountStats(alice).invoicesCancelled()).isEqualTo(1);
        // the hash is free again once the invoice is forgotten
        f.invoice(alice, p, 1_000);
    }

    @Test
    void cancelAnAcceptedInvoiceRefundsThePayer() {
        f.execute(bob, new WalletRequest.Pay(8, f.invoice(alice, p, 1_000), 1_000));
        assertThat(f.execute(alice, new WalletRequest.Cancel(3, h))).containsExactly(
                new Sent(bob, new WalletEvent.PaymentFailed(8, h, Ledger.CANCELLED_BY_ISSUER)),
                new Sent(alice, new WalletEvent.InvoiceCancelled(h, Ledger.CANCELLED_BY_ISSUER)));
        assertThat(ledger.balance(bob)).isEqualTo(FUNDS);
        assertThat(ledger.locked(bob)).isZero();
        assertThat(ledger.stats().refundedMsat()).isEqualTo(1_000);
        f.assertConserved();
    }

    @Test
    void onlyTheIssuerCancelsALiveInvoice() {
        f.pay(bob, f.invoice(alice, p, 1_000), 1_000);
        assertFailedCall(f.executeOne(bob, new WalletRequest.Cancel(3, h)), 3, "no live invoice");
        f.execute(alice, new WalletRequest.Cancel(4, h));
        assertFailedCall(f.executeOne(alice, new WalletRequest.Cancel(5, h)), 5, "no live invoice");
    }

    // --- Expiry

    @Test
    void anOpenInvoiceExpires() {
        f.invoice(alice, p, 1_000);
        assertThat(f.advanceTo(T0.plus(TTL).minusMillis(1))).isEmpty();
        assertThat(f.advanceTo(T0.plus(TTL))).containsExactly(
                new Sent(alice, new WalletEvent.InvoiceCancelled(h, Ledger.EXPIRED)));
        assertThat(ledger.nextExpiry()).isEmpty();
        assertThat(ledger.stats().invoicesExpired()).isEqualTo(1);
        assertThat(ledger.accountStats(alice).invoicesExpired()).isEqualTo(1);
    }

    @Test
    void anAcceptedInvoiceExpiresAndRefundsThePayer() {
        f.execute(bob, new WalletRequest.Pay(8, f.invoice(alice, p, 1_000), 1_000));
        assertThat(f.advanceTo(T0.plus(TTL).plusSeconds(30))).containsExactly(
                new Sent(bob, new WalletEvent.PaymentFailed(8, h, Ledger.EXPIRED)),
                new Sent(alice, new WalletEvent.InvoiceCancelled(h, Ledger.EXPIRED)));
        assertThat(ledger.balance(bob)).isEqualTo(FUNDS);
        assertThat(ledger.locked(bob)).isZero();
        f.assertConserved();
    }

    @Test
    void executeAppliesDueExpiriesFirst() {
        f.pay(bob, f.invoice(alice, p, 1_000), 1_000);
        f.clock.set(T0.plus(TTL)); // the host has not called advance yet
        List<Sent> sent = f.execute(alice, new WalletRequest.Settle(3, h, p));
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0).event()).isInstanceOf(WalletEvent.PaymentFailed.class);
        assertThat(sent.get(1).event()).isEqualTo(new WalletEvent.InvoiceCancelled(h, Ledger.EXPIRED));
        assertFailedCall(sent.get(2).event(), 3, "no live invoice");
        assertThat(ledger.balance(alice)).isEqualTo(FUNDS);
        f.assertConserved();
    }

    @Test
    void invoicesExpireInOrderOfExpiryThenCreation() {
        Instant late = T0.plus(TTL);
        Instant early = T0.plus(TTL).minusSeconds(60);
        f.invoice(alice, preimage(1), 1, late);
        f.invoice(bob, preimage(2), 1, early);
        f.invoice(carol, preimage(3), 1, late);
        f.invoice(alice, preimage(4), 1, early);
        assertThat(ledger.nextExpiry()).contains(early);
        List<Sent> sent = f.advanceTo(late);
        assertThat(sent).extracting(s -> ((WalletEvent.InvoiceCancelled) s.event()).paymentHash()).containsExactly(
                preimage(2).paymentHash(), preimage(4).paymentHash(), preimage(1).paymentHash(),
                preimage(3).paymentHash());
    }

    @Test
    void anExpiryBetweenMillisecondsNeverComesEarly() {
        Instant expiresAt = T0.plus(TTL).plusNanos(500_000);
        f.invoice(alice, p, 1, expiresAt);
        assertThat(f.advanceTo(T0.plus(TTL))).isEmpty();
        assertThat(f.advanceTo(T0.plus(TTL).plusMillis(1))).hasSize(1);
    }

    // --- Events

    @Test
    void aListenerMayCallTheLedgerAgainAndEventsKeepTheirOrder() {
        FakeClock clock = new FakeClock(T0);
        List<Sent> seen = new ArrayList<>();
        Ledger[] holder = new Ledger[1];
        Ledger l = new Ledger(clock, (account, event) -> {
            seen.add(new Sent(account, event));
            if (event instanceof WalletEvent.InvoiceAccepted a) {
                holder[0].execute(account, new WalletRequest.Settle(99, a.paymentHash(), p));
            }
        });
        holder[0] = l;
        int issuer = l.register(TestSigners.key(1));
        int payer = l.register(TestSigners.key(2));
        l.mint(payer, 10);
        l.execute(issuer, new WalletRequest.CreateHoldInvoice(1, h, 10, T0.plus(TTL), ""));
        String bolt11 = ((WalletEvent.InvoiceCreated) seen.getFirst().event()).bolt11();
        l.execute(payer, new WalletRequest.Pay(2, bolt11, 10));
        assertThat(seen).extracting(s -> s.event().getClass().getSimpleName()).containsExactly(
                "InvoiceCreated", "PaymentAccepted", "InvoiceAccepted", "InvoiceSettled", "PaymentSettled");
        assertThat(l.balance(issuer)).isEqualTo(10);
        assertThat(l.checkConservation().holds()).isTrue();
    }
}

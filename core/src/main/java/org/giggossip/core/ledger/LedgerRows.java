package org.giggossip.core.ledger;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.durable.StateChanges;
import org.giggossip.core.ledger.proto.LedgerAccount;
import org.giggossip.core.ledger.proto.LedgerFinished;
import org.giggossip.core.ledger.proto.LedgerInvoice;
import org.giggossip.core.ledger.proto.LedgerMeta;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.WireLimits;

/**
 * The rows of a {@link Ledger}'s durable state ({@code ledger_state.proto}):
 * encoding the rows that changed, and rebuilding a ledger from all of them with
 * every field and every cross-row invariant checked. One row per account, per
 * live invoice and per finished invoice kept, so an input writes a few small
 * rows, never the whole ledger.
 */
final class LedgerRows {
    static final String META = "meta";
    private static final int VERSION = 1;
    /** No row of ours comes near this; a larger one is refused before parsing. */
    static final int MAX_ROW_BYTES = 4096;
    private static final int MAX_REASON_CHARS = 1024;

    private LedgerRows() {}

    static String accountKey(int account) {
        return "a/" + account;
    }

    static String invoiceKey(int issuer, Hash32 hash) {
        return "i/" + issuer + "/" + hash.hex();
    }

    static String finishedKey(int issuer, Hash32 hash) {
        return "f/" + issuer + "/" + hash.hex();
    }

    /** What changed since the last drain: owned by the ledger's thread. */
    static final class Tracker {
        private final BitSet accountMarked = new BitSet();
        private int[] accountList = new int[16];
        private int accountCount;
        private final Set<Invoice> invoices = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<Ledger.FinishedKey> finished = new HashSet<>();
        byte[] lastMeta;

        void account(int account) {
            if (!accountMarked.get(account)) {
                accountMarked.set(account);
                if (accountCount == accountList.length) {
                    accountList = Arrays.copyOf(accountList, accountCount * 2);
                }
                accountList[accountCount++] = account;
            }
        }

        void invoice(Invoice invoice) {
            invoices.add(invoice);
        }

        void finished(Ledger.FinishedKey key) {
            finished.add(key);
        }
    }

    /** Every row of {@code ledger}: the first drain. */
    static StateChanges all(Ledger ledger, Tracker tracker) {
        StateChanges out = new StateChanges();
        tracker.lastMeta = meta(ledger);
        out.put(META, tracker.lastMeta);
        for (int a = 0; a < ledger.accounts().count(); a++) {
            out.put(accountKey(a), account(ledger, a));
        }
        ledger.invoices().forEach(i -> out.put(invoiceKey(i.issuer, i.paymentHash), invoice(i)));
        for (Ledger.Finished f : ledger.finished().values()) {
            out.put(finishedKey(f.issuer(), f.paymentHash()), finished(f));
        }
        return out;
    }

    /** The rows changed since the last drain. */
    static StateChanges drain(Ledger ledger, Tracker t) {
        StateChanges out = new StateChanges();
        // deletes first: an invoice that ended and a new one of the same issuer and hash share a row
        for (Invoice i : t.invoices) {
            if (i.state == InvoiceState.SETTLED || i.state == InvoiceState.CANCELLED) {
                out.delete(invoiceKey(i.issuer, i.paymentHash));
            }
        }
        for (Invoice i : t.invoices) {
            if (i.state == InvoiceState.OPEN || i.state == InvoiceState.ACCEPTED) {
                out.put(invoiceKey(i.issuer, i.paymentHash), invoice(i));
            }
        }
        t.invoices.clear();
        for (int k = 0; k < t.accountCount; k++) {
            int a = t.accountList[k];
            out.put(accountKey(a), account(ledger, a));
            t.accountMarked.clear(a);
        }
        t.accountCount = 0;
        for (Ledger.FinishedKey key : t.finished) {
            Ledger.Finished f = ledger.finished().get(key);
            String row = finishedKey(key.issuer(), key.paymentHash());
            if (f == null) {
                out.delete(row);
            } else {
                out.put(row, finished(f));
            }
        }
        t.finished.clear();
        byte[] meta = meta(ledger);
        if (!Arrays.equals(meta, t.lastMeta)) {
            out.put(META, meta);
            t.lastMeta = meta;
        }
        return out;
    }

    static byte[] meta(Ledger ledger) {
        Ledger.Counters c = ledger.counters();
        return LedgerMeta.newBuilder()
                .setVersion(VERSION)
                .setAccounts(ledger.accounts().count())
                .setMintedMsat(c.minted)
                .setCreated(c.created)
                .setSettled(c.settled)
                .setCancelled(c.cancelled)
                .setExpired(c.expired)
                .setPaymentsAccepted(c.paymentsAccepted)
                .setPaymentsRefused(c.paymentsRefused)
                .setCallsFailed(c.callsFailed)
                .setSettledMsat(c.settledMsat)
                .setRefundedMsat(c.refundedMsat)
                .setNextSequence(c.nextSequence)
                .setRetainFinishedMs(ledger.retainFinishedMillis())
                .build().toByteArray();
    }

    private static byte[] account(Ledger ledger, int account) {
        AccountStats s = ledger.accounts().stats(account);
        byte[] secret = ledger.accounts().key(account).secretBytes();
        try {
            return LedgerAccount.newBuilder()
                    .setPrivateKey(com.google.protobuf.ByteString.copyFrom(secret))
                    .setBalanceMsat(s.balanceMsat())
                    .setLockedMsat(s.lockedMsat())
                    .setCreated(s.invoicesCreated())
                    .setSettled(s.invoicesSettled())
                    .setCancelled(s.invoicesCancelled())
                    .setExpired(s.invoicesExpired())
                    .setReceivedMsat(s.receivedMsat())
                    .setPaidMsat(s.paidMsat())
                    .build().toByteArray();
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static byte[] invoice(Invoice i) {
        LedgerInvoice.Builder b = LedgerInvoice.newBuilder()
                .setPaymentHash(com.google.protobuf.ByteString.copyFrom(i.paymentHash.bytes()))
                .setIssuer(i.issuer)
                .setAmountMsat(i.amountMsat)
                .setExpiresAtMs(i.expiresAtMillis)
                .setSequence(i.sequence)
                .setState(i.state == InvoiceState.ACCEPTED ? LedgerInvoice.State.ACCEPTED : LedgerInvoice.State.OPEN);
        if (i.state == InvoiceState.ACCEPTED) {
            b.setPayer(i.payer).setPayCallId(i.payCallId);
        }
        return b.build().toByteArray();
    }

    private static byte[] finished(Ledger.Finished f) {
        LedgerFinished.Builder b = LedgerFinished.newBuilder()
                .setPaymentHash(com.google.protobuf.ByteString.copyFrom(f.paymentHash().bytes()))
                .setIssuer(f.issuer())
                .setAmountMsat(f.amountMsat())
                .setState(f.settled() ? LedgerFinished.State.SETTLED : LedgerFinished.State.CANCELLED)
                .setReason(f.reason())
                .setFinishedAtMs(f.finishedAtMillis())
                .setSequence(f.sequence());
        if (f.payer() >= 0) {
            b.setPayer(f.payer());
        }
        return b.build().toByteArray();
    }

    // ---- restoring ------------------------------------------------------------

    /** Fills the empty {@code ledger} from {@code rows}; throws {@link IllegalArgumentException} naming a bad row. */
    static void restore(Ledger ledger, Map<String, byte[]> input) {
        TreeMap<String, byte[]> rows = new TreeMap<>(input);
        if (rows.isEmpty()) {
            return;
        }
        for (Map.Entry<String, byte[]> e : rows.entrySet()) {
            if (e.getValue() == null || e.getValue().length > MAX_ROW_BYTES) {
                throw bad(e.getKey(), "value is " + (e.getValue() == null ? "missing" : e.getValue().length
                        + " bytes, over the limit " + MAX_ROW_BYTES));
            }
        }
        byte[] metaBytes = rows.get(META);
        if (metaBytes == null) {
            throw bad(META, "missing, though " + rows.size() + " other rows exist");
        }
        LedgerMeta meta;
        try {
            meta = LedgerMeta.parseFrom(metaBytes);
        } catch (InvalidProtocolBufferException e) {
            throw bad(META, "not a LedgerMeta: " + e.getMessage());
        }
        restoreMeta(ledger, meta);
        int n = meta.getAccounts();
        for (int a = 0; a < n; a++) {
            String key = accountKey(a);
            byte[] v = rows.get(key);
            if (v == null) {
                throw bad(key, "missing: the meta row counts " + n + " accounts");
            }
            restoreAccount(ledger, key, v);
        }
        List<Ledger.Finished> finished = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : rows.entrySet()) {
            String key = e.getKey();
            if (key.equals(META)) {
                continue;
            } else if (key.startsWith("a/")) {
                if (!key.matches("a/(0|[1-9][0-9]{0,9})") || Long.parseLong(key.substring(2)) >= n) {
                    throw bad(key, "an account row beyond the " + n + " accounts of the meta row");
                }
            } else if (key.startsWith("i/")) {
                restoreInvoice(ledger, key, e.getValue(), meta);
            } else if (key.startsWith("f/")) {
                finished.add(restoreFinished(ledger, key, e.getValue(), meta));
            } else {
                throw bad(key, "not a row of the ledger");
            }
        }
        finished.sort(Comparator.comparingLong(Ledger.Finished::finishedAtMillis)
                .thenComparingLong(Ledger.Finished::sequence));
        for (Ledger.Finished f : finished) {
            ledger.finished().put(f.key(), f);
            ledger.finishedOrder().add(f);
        }
        checkFunds(ledger);
    }

    private static void restoreMeta(Ledger ledger, LedgerMeta m) {
        if (m.getVersion() != VERSION) {
            throw bad(META, "format version " + m.getVersion() + ", this ledger reads " + VERSION);
        }
        long[] counts = {m.getMintedMsat(), m.getCreated(), m.getSettled(), m.getCancelled(), m.getExpired(),
                m.getPaymentsAccepted(), m.getPaymentsRefused(), m.getCallsFailed(), m.getSettledMsat(),
                m.getRefundedMsat(), m.getNextSequence(), m.getRetainFinishedMs()};
        for (long c : counts) {
            if (c < 0) {
                throw bad(META, "a negative counter " + c);
            }
        }
        Ledger.Counters c = ledger.counters();
        c.minted = m.getMintedMsat();
        c.created = m.getCreated();
        c.settled = m.getSettled();
        c.cancelled = m.getCancelled();
        c.expired = m.getExpired();
        c.paymentsAccepted = m.getPaymentsAccepted();
        c.paymentsRefused = m.getPaymentsRefused();
        c.callsFailed = m.getCallsFailed();
        c.settledMsat = m.getSettledMsat();
        c.refundedMsat = m.getRefundedMsat();
        c.nextSequence = m.getNextSequence();
        ledger.setRetainFinishedMillis(m.getRetainFinishedMs());
    }

    private static void restoreAccount(Ledger ledger, String key, byte[] value) {
        LedgerAccount a;
        try {
            a = LedgerAccount.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw bad(key, "not a LedgerAccount: " + e.getMessage());
        }
        PrivateKey secret;
        byte[] raw = a.getPrivateKey().toByteArray();
        try {
            secret = PrivateKey.of(raw);
        } catch (IllegalArgumentException e) {
            throw bad(key, "private key of " + raw.length + " bytes is not a valid secp256k1 key");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        for (long amount : new long[] {a.getBalanceMsat(), a.getLockedMsat(), a.getReceivedMsat(),
                a.getPaidMsat()}) {
            if (amount < 0 || amount > WireLimits.MAX_MSAT) {
                throw bad(key, "amount " + Long.toUnsignedString(amount) + " msat out of range");
            }
        }
        for (int count : new int[] {a.getCreated(), a.getSettled(), a.getCancelled(), a.getExpired()}) {
            if (count < 0) {
                throw bad(key, "a negative counter");
            }
        }
        if (ledger.accounts().find(secret.publicKey()).isPresent()) {
            throw bad(key, "the key of account " + ledger.accounts().find(secret.publicKey()).getAsInt()
                    + " again");
        }
        ledger.accounts().restore(secret, new AccountStats(ledger.accounts().count(), secret.publicKey(),
                a.getBalanceMsat(), a.getLockedMsat(), a.getCreated(), a.getSettled(), a.getCancelled(),
                a.getExpired(), a.getReceivedMsat(), a.getPaidMsat()));
    }

    private static void restoreInvoice(Ledger ledger, String key, byte[] value, LedgerMeta meta) {
        LedgerInvoice p;
        try {
            p = LedgerInvoice.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw bad(key, "not a LedgerInvoice: " + e.getMessage());
        }
        Hash32 hash = hash(key, p.getPaymentHash().toByteArray());
        int n = meta.getAccounts();
        int issuer = account(key, "issuer", p.getIssuer(), n);
        if (!key.equals(invoiceKey(issuer, hash))) {
            throw bad(key, "holds the invoice of row " + invoiceKey(issuer, hash));
        }
        checkAmount(key, p.getAmountMsat());
        checkSequence(key, p.getSequence(), meta);
        if (p.getExpiresAtMs() < 0) {
            throw bad(key, "negative expiry " + p.getExpiresAtMs());
        }
        Invoice i = new Invoice(hash, issuer, p.getAmountMsat(), p.getExpiresAtMs(), p.getSequence());
        switch (p.getState()) {
            case OPEN -> {
                if (p.hasPayer()) {
                    throw bad(key, "an OPEN invoice with a payer");
                }
            }
            case ACCEPTED -> {
                if (!p.hasPayer()) {
                    throw bad(key, "an ACCEPTED invoice without a payer");
                }
                int payer = account(key, "payer", p.getPayer(), n);
                if (payer == issuer) {
                    throw bad(key, "paid by its own issuer");
                }
                if (ledger.invoices().isPaying(payer, hash)) {
                    throw bad(key, "account " + payer + " pays a second invoice of hash " + hash.hex());
                }
                i.state = InvoiceState.ACCEPTED;
                i.payer = payer;
                i.payCallId = p.getPayCallId();
                ledger.counters().acceptedNow++;
            }
            default -> throw bad(key, "invoice state " + p.getStateValue() + " is neither OPEN nor ACCEPTED");
        }
        ledger.invoices().add(i);
        ledger.expiries().add(i);
    }

    private static Ledger.Finished restoreFinished(Ledger ledger, String key, byte[] value, LedgerMeta meta) {
        LedgerFinished p;
        try {
            p = LedgerFinished.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw bad(key, "not a LedgerFinished: " + e.getMessage());
        }
        Hash32 hash = hash(key, p.getPaymentHash().toByteArray());
        int n = meta.getAccounts();
        int issuer = account(key, "issuer", p.getIssuer(), n);
        if (!key.equals(finishedKey(issuer, hash))) {
            throw bad(key, "holds the finished invoice of row " + finishedKey(issuer, hash));
        }
        if (ledger.invoices().find(issuer, hash) != null) {
            throw bad(key, "finished, yet row " + invoiceKey(issuer, hash) + " is live");
        }
        checkAmount(key, p.getAmountMsat());
        checkSequence(key, p.getSequence(), meta);
        if (p.getReason().length() > MAX_REASON_CHARS || p.getFinishedAtMs() < 0) {
            throw bad(key, "reason too long or negative time");
        }
        boolean settled = switch (p.getState()) {
            case SETTLED -> true;
            case CANCELLED -> false;
            default -> throw bad(key, "finished state " + p.getStateValue() + " is neither SETTLED nor CANCELLED");
        };
        int payer = p.hasPayer() ? account(key, "payer", p.getPayer(), n) : -1;
        if (settled && payer < 0) {
            throw bad(key, "settled without a payer");
        }
        return new Ledger.Finished(hash, issuer, p.getAmountMsat(), settled, p.getReason(), p.getFinishedAtMs(),
                p.getSequence(), payer);
    }

    /** Each account's locked funds are its accepted payments, and money is conserved. */
    private static void checkFunds(Ledger ledger) {
        long[] locked = new long[ledger.accounts().count()];
        ledger.invoices().forEach(i -> {
            if (i.state == InvoiceState.ACCEPTED) {
                locked[i.payer] = Math.addExact(locked[i.payer], i.amountMsat);
            }
        });
        for (int a = 0; a < locked.length; a++) {
            if (ledger.accounts().locked(a) != locked[a]) {
                throw bad(accountKey(a), "locked " + ledger.accounts().locked(a) + " msat, but its accepted"
                        + " payments sum to " + locked[a] + " msat");
            }
        }
        ConservationReport report = ledger.checkConservation();
        if (!report.holds()) {
            throw bad(META, "the rows do not conserve money: " + report);
        }
    }

    private static Hash32 hash(String key, byte[] bytes) {
        if (bytes.length != Hash32.SIZE) {
            throw bad(key, "payment hash of " + bytes.length + " bytes, not " + Hash32.SIZE);
        }
        return Hash32.of(bytes);
    }

    private static int account(String key, String what, int account, int accounts) {
        if (account < 0 || account >= accounts) {
            throw bad(key, what + " " + Integer.toUnsignedString(account) + " is not one of the " + accounts
                    + " accounts");
        }
        return account;
    }

    private static void checkAmount(String key, long msat) {
        if (msat <= 0 || msat > WireLimits.MAX_MSAT) {
            throw bad(key, "amount " + Long.toUnsignedString(msat) + " msat out of range");
        }
    }

    private static void checkSequence(String key, long sequence, LedgerMeta meta) {
        if (sequence < 0 || sequence >= meta.getNextSequence()) {
            throw bad(key, "creation number " + sequence + " not below the next, " + meta.getNextSequence());
        }
    }

    private static IllegalArgumentException bad(String key, String why) {
        return new IllegalArgumentException("ledger state row '" + key + "': " + why);
    }
}

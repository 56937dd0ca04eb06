package org.giggossip.core.payment;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.giggossip.core.crypto.PublicKey;

/**
 * Regtest wallet accounts a settler service offers to the nodes it serves when
 * its own wallet is the embedded ledger: every account lives in the same
 * ledger, so the nodes can pay each other's and the settler's hold invoices,
 * as on one Lightning network. The ledger holds each account's key in custody.
 * Events of an account are kept in a numbered, durable journal the owner reads
 * from the last number it has seen.
 */
public interface WalletAccounts {

    /** One event of an account's journal. */
    record Entry(long seq, Instant at, WalletEvent event) {}

    /** Opens {@code owner}'s account with the service's starting balance, unless it has one. */
    CompletableFuture<Void> open(PublicKey owner);

    /** Whether {@code owner} has an account. */
    boolean has(PublicKey owner);

    /** Executes {@code request} on {@code owner}'s account; the answer comes in its journal. */
    void execute(PublicKey owner, WalletRequest request);

    /** {@code owner}'s balance. */
    CompletableFuture<HoldInvoiceWallet.Balance> balance(PublicKey owner);

    /** Up to {@code limit} journal entries of {@code owner} numbered above {@code afterSeq}. */
    List<Entry> events(PublicKey owner, long afterSeq, int limit);

    /** Completes when {@code owner}'s journal has an entry numbered above {@code afterSeq}. */
    CompletableFuture<Void> awaitEvent(PublicKey owner, long afterSeq);
}

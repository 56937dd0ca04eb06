/**
 * The hold-invoice wallet contract (whitepaper §3.7 and §3.8; docs/protocol.md §7):
 * what the engine and the settler ask of a wallet
 * ({@link org.giggossip.core.payment.WalletRequest}), what a wallet answers
 * ({@link org.giggossip.core.payment.WalletEvent}), the
 * {@link org.giggossip.core.payment.HoldInvoiceWallet} that backends implement (the
 * embedded ledger, LND), preimages, and the regtest accounts a settler service
 * offers ({@link org.giggossip.core.payment.WalletAccounts}).
 *
 * <p>Sans-I/O, like all of {@code core}: no sockets, files, threads or system clock,
 * and no module of ours (docs/style.md 1 and 9).
 * The backends that do I/O live in {@code lightning} and {@code settler}.
 */
package org.giggossip.core.payment;

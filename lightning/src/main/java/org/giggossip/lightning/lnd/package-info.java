/**
 * The LND backend of {@link org.giggossip.core.payment.HoldInvoiceWallet} (seed
 * 000, sections 3.7 and 3.8: hold invoices): a wallet on an lnd node (0.17 API)
 * over gRPC, with the generated stubs of LightningJ.
 *
 * <ul>
 *   <li>{@link org.giggossip.lightning.lnd.LndConfig}: host, port, {@code tls.cert},
 *       {@code admin.macaroon}, the state directory, timeouts; reading and checking
 *       the files.</li>
 *   <li>{@link org.giggossip.lightning.lnd.LndWallet}: the wallet;
 *       {@code LndWallet.open(config, sink)}.</li>
 *   <li>{@code LndInvoices} (invoicesrpc: AddHoldInvoice, SubscribeSingleInvoice,
 *       SettleInvoice, CancelInvoice, LookupInvoiceV2), {@code LndPayments}
 *       (routerrpc: SendPaymentV2, TrackPaymentV2), {@code WalletLoop} (the one
 *       thread), {@code LndRpc} (TLS channel, macaroon, error words),
 *       {@code LndWalletStore} (the hashes followed across restarts).</li>
 * </ul>
 *
 * <p>Tested against an in-process fake lnd (a TLS gRPC server that checks the
 * macaroon and keeps hold invoices and payments on a shared fake network), never
 * against a live lnd.
 *
 * <p>Like all of {@code lightning}, it uses only {@code core}: it may not import
 * {@code net}, {@code settler}, {@code sim} or {@code node} (docs/architecture.md, "Modules").
 */
package org.giggossip.lightning.lnd;

package org.giggossip.settler.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.payment.HoldInvoiceWallet;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.service.ServiceMessage;
import org.giggossip.settler.http.ApiBodies;

/**
 * A {@link HoldInvoiceWallet} on a regtest account of a settler service whose
 * wallet is the embedded ledger ({@code /v1/wallet/*}). The account is opened
 * (idempotently) before the first poll. Requests are sent in order by one
 * virtual thread; their outcomes, and every later change of the account's
 * invoices and payments, come from the account's journal by a long poll and go
 * to the sink from that poll's thread, in order. A request the service does not
 * take is answered at once: {@link WalletEvent.PaymentFailed} for a Pay,
 * {@link WalletEvent.CallFailed} otherwise.
 */
public final class HttpRegtestWallet implements HoldInvoiceWallet {
    /** Requests queued before more are refused. */
    public static final int MAX_QUEUED = 1024;

    private final SettlerHttp http;
    private final Consumer<WalletEvent> sink;
    private final BlockingQueue<WalletRequest> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final Thread sender;
    private final PollLoop events;
    private volatile boolean opened;
    private volatile boolean closed;

    /**
     * Opens the account and starts polling its journal.
     *
     * @param base       the settler's base URI
     * @param key        the node's key: the account is this key's
     * @param sink       receives the account's events
     * @param cursor     the last journal seq already handled (0 at first)
     * @param saveCursor persists the cursor after each batch
     */
    public HttpRegtestWallet(URI base, PrivateKey key, Consumer<WalletEvent> sink, long cursor,
            LongConsumer saveCursor) {
        this(new SettlerHttp(base, key), sink, cursor, saveCursor);
    }

    /** As the other constructor, over a given low-level client (closed with this one). */
    public HttpRegtestWallet(SettlerHttp http, Consumer<WalletEvent> sink, long cursor, LongConsumer saveCursor) {
        this.http = Objects.requireNonNull(http, "http");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.events = new PollLoop(http, "/v1/wallet/events", "events", cursor, saveCursor, this::open, message -> {
            if (message instanceof ServiceMessage.WalletNotice n && !closed) {
                sink.accept(n.event());
            }
        });
        this.sender = Thread.ofVirtual().name("regtest-wallet-sender").start(this::sendLoop);
        events.start();
    }

    private boolean open() throws IOException, InterruptedException {
        if (!opened) {
            http.post("/v1/wallet/open", new ApiBodies.Empty()).orThrow();
            opened = true;
        }
        return true;
    }

    @Override
    public void execute(WalletRequest request) {
        Objects.requireNonNull(request, "request");
        if (request instanceof WalletRequest.LookupInvoice) {
            // only the settler, beside the ledger, looks invoices up; a node's account over HTTP does not
            Thread.ofVirtual().start(() -> fail(request, "an account over HTTP looks up no invoice"));
            return;
        }
        if (!queue.offer(request)) {
            Thread.ofVirtual().start(() -> fail(request, "too many wallet requests queued (" + MAX_QUEUED + ")"));
        }
    }

    private void sendLoop() {
        try {
            while (!closed) {
                WalletRequest request = queue.take();
                try {
                    open();
                    String path = switch (request) {
                        case WalletRequest.CreateHoldInvoice r -> "/v1/wallet/invoices/create";
                        case WalletRequest.Pay r -> "/v1/wallet/pay";
                        case WalletRequest.Settle r -> "/v1/wallet/invoices/settle";
                        case WalletRequest.Cancel r -> "/v1/wallet/invoices/cancel";
                        case WalletRequest.LookupInvoice r -> throw new AssertionError("refused in execute");
                    };
                    Record body = switch (request) {
                        case WalletRequest.CreateHoldInvoice r -> ApiBodies.CreateInvoice.of(r);
                        case WalletRequest.Pay r -> ApiBodies.Pay.of(r);
                        case WalletRequest.Settle r -> ApiBodies.Settle.of(r);
                        case WalletRequest.Cancel r -> ApiBodies.WalletCancel.of(r);
                        case WalletRequest.LookupInvoice r -> throw new AssertionError("refused in execute");
                    };
                    // the ledger answers a repeated create, pay, settle or cancel as the first one
                    SettlerHttp.Answer answer = Retry.until(Retry.BUDGET, Retry.ANY, () -> {
                        open();
                        return http.post(path, body);
                    });
                    if (answer.status() / 100 != 2) {
                        fail(request, "wallet service answered HTTP " + answer.status() + ": " + answer.error());
                    }
                } catch (IOException e) {
                    fail(request, "wallet service unreachable: " + e);
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void fail(WalletRequest request, String reason) {
        if (closed) {
            return;
        }
        sink.accept(request instanceof WalletRequest.Pay p
                ? new WalletEvent.PaymentFailed(p.callId(), null, reason)
                : new WalletEvent.CallFailed(request.callId(), reason));
    }

    /** The account's balance: one round trip. */
    @Override
    public Balance balance() {
        try {
            open();
            JsonNode b = http.post("/v1/wallet/balance", new ApiBodies.Empty()).orThrow();
            return new Balance(b.path("spendable_msat").asLong(), b.path("locked_msat").asLong());
        } catch (IOException e) {
            throw new UncheckedIOException("wallet service: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        sender.interrupt();
        events.close();
        http.close();
    }
}

package org.giggossip.lightning.lnd;

import io.grpc.ConnectivityState;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.giggossip.core.payment.HoldInvoiceWallet;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.lightningj.lnd.invoices.proto.InvoicesGrpc;
import org.lightningj.lnd.proto.LightningApi;
import org.lightningj.lnd.proto.LightningGrpc;
import org.lightningj.lnd.router.proto.RouterGrpc;

/**
 * A {@link HoldInvoiceWallet} on an lnd node, over lnd's gRPC API with the stubs
 * LightningJ generates: hold invoices with invoicesrpc ({@link LndInvoices}),
 * payments with routerrpc ({@link LndPayments}), the balance with lnrpc
 * {@code ChannelBalance}. Open one with {@link #open(LndConfig, Consumer)}.
 *
 * <p>The connection is TLS that trusts only lnd's certificate, with the macaroon
 * sent on every call ({@link LndRpc}). One thread ({@link WalletLoop}) owns the
 * state, runs gRPC's callbacks and delivers the events; an unreachable lnd shows as
 * {@code CallFailed} or {@code PaymentFailed} with a reason that says so, and the
 * streams that follow invoices and payments are opened again with a bounded
 * backoff. The invoices and payments not yet final are listed in a small file
 * ({@link LndWalletStore}) in {@link LndConfig#stateDirectory()}, so a wallet
 * opened again follows them and reports the accepted invoices and the payments in
 * flight, as the {@link HoldInvoiceWallet} contract asks.
 */
public final class LndWallet implements HoldInvoiceWallet {
    private final LndConfig config;
    private final WalletLoop loop;
    private final LndRpc.Channels channels;
    private final LndInvoices invoices;
    private final LndPayments payments;

    private LndWallet(LndConfig config, Consumer<WalletEvent> sink, Clock clock, LndConfig.Credentials credentials,
            LndWalletStore store) {
        this.config = config;
        this.loop = new WalletLoop("lnd-wallet " + config.host() + ":" + config.port(), sink, config.maxBackoff());
        try {
            this.channels = LndRpc.open(config, credentials, loop);
        } catch (RuntimeException e) {
            loop.close();
            throw e;
        }
        // gRPC's own reconnection backoff grows to two minutes; ours is bounded by maxBackoff
        loop.beforeRetry(this::reconnectIfFailed);
        this.invoices = new LndInvoices(config, InvoicesGrpc.newStub(channels.authenticated()), store, loop, clock);
        this.payments = new LndPayments(config, RouterGrpc.newStub(channels.authenticated()), store, loop);
    }

    /**
     * Opens a wallet on the lnd node of {@code config}, delivering events to
     * {@code sink} from the wallet's thread. Reads the certificate, the macaroon
     * and the hashes tracked in {@link LndConfig#stateDirectory()} first: an
     * {@link IllegalArgumentException} names a missing, unreadable or invalid file.
     * Does not wait for lnd: an unreachable node shows as failed calls, and what a
     * previous run left accepted or in flight is reported once lnd answers.
     */
    public static LndWallet open(LndConfig config, Consumer<WalletEvent> sink) {
        return open(config, sink, Clock.systemUTC());
    }

    /** {@link #open(LndConfig, Consumer)} with the clock that turns an invoice's expiry time into seconds. */
    public static LndWallet open(LndConfig config, Consumer<WalletEvent> sink, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(clock, "clock");
        LndConfig.Credentials credentials = config.readCredentials();
        LndWalletStore store = LndWalletStore.open(config.stateDirectory());
        LndWallet wallet = new LndWallet(config, sink, clock, credentials, store);
        wallet.loop.execute(() -> {
            wallet.invoices.resume();
            wallet.payments.resume();
        });
        return wallet;
    }

    @Override
    public void execute(WalletRequest request) {
        Objects.requireNonNull(request, "request");
        loop.execute(() -> {
            reconnectIfFailed();
            switch (request) {
                case WalletRequest.CreateHoldInvoice r -> invoices.create(r);
                case WalletRequest.Pay r -> payments.pay(r);
                case WalletRequest.Settle r -> invoices.settle(r);
                case WalletRequest.Cancel r -> invoices.cancel(r);
                // lnd's LookupInvoice answers only the node's own invoices: a job invoice is another
                // node's, so a settler on lnd needs the customer's statement instead (docs/settler.md)
                case WalletRequest.LookupInvoice r -> loop.emit(new WalletEvent.CallFailed(r.callId(),
                        "lnd sees only its own invoices: it cannot look up another node's invoice"));
            }
        });
    }

    /**
     * lnd's channel balance: spendable is the local balance, locked the unsettled
     * local balance (our HTLCs in flight). Throws {@link IllegalStateException} with
     * the reason if lnd cannot be asked.
     */
    @Override
    public Balance balance() {
        try {
            var b = LightningGrpc.newBlockingStub(channels.authenticated())
                    .withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .channelBalance(LightningApi.ChannelBalanceRequest.getDefaultInstance());
            return new Balance(b.getLocalBalance().getMsat(), b.getUnsettledLocalBalance().getMsat());
        } catch (StatusRuntimeException e) {
            throw new IllegalStateException(LndRpc.reason(config, e), e);
        }
    }

    private void reconnectIfFailed() {
        if (channels.managed().getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            channels.managed().resetConnectBackoff();
        }
    }

    @Override
    public void close() {
        loop.close();
        channels.managed().shutdownNow();
    }
}

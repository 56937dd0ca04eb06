package org.giggossip.lightning.lnd;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.giggossip.core.util.Hex;
import org.lightningj.lnd.invoices.proto.InvoicesGrpc;
import org.lightningj.lnd.invoices.proto.InvoicesOuterClass;
import org.lightningj.lnd.proto.LightningApi;
import org.lightningj.lnd.proto.LightningGrpc;
import org.lightningj.lnd.router.proto.RouterGrpc;
import org.lightningj.lnd.router.proto.RouterOuterClass;

/**
 * An in-process lnd for tests: a real gRPC server on 127.0.0.1 with TLS (a
 * self-signed certificate made for the test, written where a wallet reads
 * {@code tls.cert}) that checks the macaroon of every call as lnd does, and
 * serves the calls {@link LndWallet} makes (invoicesrpc AddHoldInvoice,
 * SubscribeSingleInvoice, SettleInvoice, CancelInvoice, LookupInvoiceV2; routerrpc
 * SendPaymentV2, TrackPaymentV2; lnrpc ChannelBalance) on one node of a
 * {@link FakeLightningNetwork}.
 */
final class FakeLnd implements AutoCloseable {
    final FakeLightningNetwork.Node node;
    final Path tlsCert;
    final Path macaroon;
    private final FakeLightningNetwork network;
    private final SelfSignedTls tls;
    private final byte[] macaroonBytes;
    private Server server;
    private int port;

    FakeLnd(FakeLightningNetwork network, long balanceMsat, Path dir, SecureRandom random) throws IOException {
        this.network = network;
        this.node = network.addNode(balanceMsat);
        this.tls = SelfSignedTls.generate(random);
        Files.createDirectories(dir);
        this.tlsCert = tls.writePem(dir.resolve("tls.cert"));
        this.macaroonBytes = new byte[96];
        random.nextBytes(macaroonBytes);
        this.macaroon = Files.write(dir.resolve("admin.macaroon"), macaroonBytes);
        start(0);
    }

    /** Starts serving on {@code port} (0: any free port). */
    void start(int wanted) throws IOException {
        var ssl = GrpcSslContexts.configure(SslContextBuilder.forServer(tls.keys().getPrivate(), tls.certificate()))
                .build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", wanted))
                .sslContext(ssl)
                .addService(ServerInterceptors.intercept(new Lightning(), new MacaroonCheck()))
                .addService(ServerInterceptors.intercept(new Invoices(), new MacaroonCheck()))
                .addService(ServerInterceptors.intercept(new Router(), new MacaroonCheck()))
                .build()
                .start();
        port = server.getPort();
    }

    int port() {
        return port;
    }

    /** Stops serving (the node's state stays); {@link #start} serves it again. */
    void stop() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(10, TimeUnit.SECONDS);
    }

    LndConfig config(Path stateDir) {
        return LndConfig.of("127.0.0.1", port, tlsCert, macaroon, stateDir);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** lnd's answers to a call without the node's macaroon. */
    private final class MacaroonCheck implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                ServerCallHandler<Q, A> next) {
            String given = headers.get(LndRpc.MACAROON);
            if (given == null) {
                call.close(Status.UNKNOWN.withDescription("expected 1 macaroon, got 0"), new Metadata());
                return new ServerCall.Listener<>() { };
            }
            if (!given.equalsIgnoreCase(Hex.encode(macaroonBytes))) {
                call.close(Status.UNKNOWN.withDescription(
                        "verification failed: signature mismatch after caveat verification"), new Metadata());
                return new ServerCall.Listener<>() { };
            }
            return next.startCall(call, headers);
        }
    }

    private static <T> void answer(StreamObserver<T> out, Supplier<T> result) {
        try {
            T value = result.get();
            out.onNext(value);
            out.onCompleted();
        } catch (StatusRuntimeException e) {
            out.onError(e);
        }
    }

    private static void stream(StreamObserver<?> out, Runnable start) {
        try {
            start.run();
        } catch (StatusRuntimeException e) {
            out.onError(e);
        }
    }

    private final class Lightning extends LightningGrpc.LightningImplBase {
        @Override
        public void channelBalance(LightningApi.ChannelBalanceRequest request,
                StreamObserver<LightningApi.ChannelBalanceResponse> out) {
            answer(out, () -> LightningApi.ChannelBalanceResponse.newBuilder()
                    .setLocalBalance(LightningApi.Amount.newBuilder().setMsat(node.balance())
                            .setSat(node.balance() / 1000))
                    .setUnsettledLocalBalance(LightningApi.Amount.newBuilder().setMsat(node.locked())
                            .setSat(node.locked() / 1000))
                    .build());
        }
    }

    private final class Invoices extends InvoicesGrpc.InvoicesImplBase {
        @Override
        public void addHoldInvoice(InvoicesOuterClass.AddHoldInvoiceRequest r,
                StreamObserver<InvoicesOuterClass.AddHoldInvoiceResp> out) {
            answer(out, () -> {
                var inv = network.addHoldInvoice(node, r.getHash().toByteArray(), r.getValueMsat(), r.getExpiry(),
                        r.getMemo());
                return InvoicesOuterClass.AddHoldInvoiceResp.newBuilder()
                        .setPaymentRequest(inv.getPaymentRequest()).build();
            });
        }

        @Override
        public void subscribeSingleInvoice(InvoicesOuterClass.SubscribeSingleInvoiceRequest r,
                StreamObserver<LightningApi.Invoice> out) {
            stream(out, () -> network.subscribe(node, r.getRHash().toByteArray(), out));
        }

        @Override
        public void settleInvoice(InvoicesOuterClass.SettleInvoiceMsg r,
                StreamObserver<InvoicesOuterClass.SettleInvoiceResp> out) {
            answer(out, () -> {
                network.settle(node, r.getPreimage().toByteArray());
                return InvoicesOuterClass.SettleInvoiceResp.getDefaultInstance();
            });
        }

        @Override
        public void cancelInvoice(InvoicesOuterClass.CancelInvoiceMsg r,
                StreamObserver<InvoicesOuterClass.CancelInvoiceResp> out) {
            answer(out, () -> {
                network.cancel(node, r.getPaymentHash().toByteArray());
                return InvoicesOuterClass.CancelInvoiceResp.getDefaultInstance();
            });
        }

        @Override
        public void lookupInvoiceV2(InvoicesOuterClass.LookupInvoiceMsg r, StreamObserver<LightningApi.Invoice> out) {
            answer(out, () -> network.lookup(node, r.getPaymentHash().toByteArray()));
        }
    }

    private final class Router extends RouterGrpc.RouterImplBase {
        @Override
        public void sendPaymentV2(RouterOuterClass.SendPaymentRequest r, StreamObserver<LightningApi.Payment> out) {
            stream(out, () -> network.send(node, r.getPaymentRequest(), out));
        }

        @Override
        public void trackPaymentV2(RouterOuterClass.TrackPaymentRequest r, StreamObserver<LightningApi.Payment> out) {
            stream(out, () -> network.track(node, r.getPaymentHash().toByteArray(), out));
        }
    }
}

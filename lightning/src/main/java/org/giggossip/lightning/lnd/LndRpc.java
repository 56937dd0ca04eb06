package org.giggossip.lightning.lnd;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.security.cert.X509Certificate;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * The gRPC plumbing of {@link LndWallet}: the TLS channel to lnd that trusts only
 * the configured certificate and sends the macaroon (hex) as the {@code macaroon}
 * metadata of every call, as lnd requires; unary-call callbacks; and the words
 * with which a failed call is reported.
 */
final class LndRpc {
    /** The metadata key lnd reads the macaroon from. */
    static final Metadata.Key<String> MACAROON = Metadata.Key.of("macaroon", Metadata.ASCII_STRING_MARSHALLER);
    /** lnd's own messages are small; a larger one is refused before it is parsed. */
    static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private LndRpc() {}

    /** The channel (its callbacks run on {@code executor}) and the same channel with the macaroon attached. */
    record Channels(ManagedChannel managed, Channel authenticated) {}

    static Channels open(LndConfig config, LndConfig.Credentials credentials, Executor executor) {
        try {
            var ssl = GrpcSslContexts.forClient()
                    .trustManager(credentials.certificates().toArray(new X509Certificate[0]))
                    .build();
            ManagedChannel managed = NettyChannelBuilder.forAddress(config.host(), config.port())
                    .sslContext(ssl)
                    .executor(executor)
                    .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                    .build();
            Metadata headers = new Metadata();
            headers.put(MACAROON, credentials.macaroonHex());
            return new Channels(managed,
                    ClientInterceptors.intercept(managed, MetadataUtils.newAttachHeadersInterceptor(headers)));
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot set up TLS with the lnd certificate "
                    + config.tlsCertificate() + ": " + e.getMessage(), e);
        }
    }

    /** Why a call to lnd failed, in words for a {@code CallFailed} or {@code PaymentFailed}. */
    static String reason(LndConfig config, Throwable error) {
        Status status = Status.fromThrowable(error);
        String detail = status.getDescription() != null ? status.getDescription()
                : status.getCause() != null ? String.valueOf(status.getCause().getMessage()) : status.getCode().name();
        if (detail.contains("macaroon") || detail.contains("verification failed")) {
            // lnd answers a bad macaroon with code UNKNOWN and one of these messages
            return "lnd refused the macaroon " + config.macaroon() + ": " + detail;
        }
        return switch (status.getCode()) {
            case UNAVAILABLE -> "lnd unreachable at " + config.host() + ":" + config.port() + ": " + detail;
            case UNAUTHENTICATED, PERMISSION_DENIED -> "lnd refused the macaroon " + config.macaroon() + ": " + detail;
            case DEADLINE_EXCEEDED -> "lnd did not answer within " + config.callTimeout().toMillis() + " ms";
            case CANCELLED -> "lnd call cancelled: " + detail;
            default -> "lnd: " + detail;
        };
    }

    /** Whether lnd answered that it has no such invoice or payment. */
    static boolean notFound(Throwable error) {
        Status status = Status.fromThrowable(error);
        String d = status.getDescription() == null ? "" : status.getDescription();
        return status.getCode() == Status.Code.NOT_FOUND || d.contains("unable to locate invoice")
                || d.contains("there are no existing invoices") || d.contains("payment isn't initiated");
    }

    /** A unary call's observer: the single answer to {@code ok}, a failure to {@code failed}. */
    static <T> StreamObserver<T> unary(Consumer<T> ok, Consumer<Throwable> failed) {
        return new StreamObserver<>() {
            private T value;

            @Override
            public void onNext(T v) {
                value = v;
            }

            @Override
            public void onError(Throwable t) {
                failed.accept(t);
            }

            @Override
            public void onCompleted() {
                if (value == null) {
                    failed.accept(Status.INTERNAL.withDescription("no answer").asRuntimeException());
                } else {
                    ok.accept(value);
                }
            }
        };
    }
}

package org.giggossip.settler.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.service.ServiceCodec;
import org.giggossip.core.service.ServiceMessage;
import org.giggossip.core.settler.SettlerClient;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Decoded;
import org.giggossip.settler.http.ApiBodies;

/**
 * A node's {@link SettlerClient} for one settler reached over its HTTP API.
 * Each request goes to its route ({@code IssueReplyHash} to
 * {@code /v1/gigs/reply-hash}, {@code SealReply} to {@code /v1/gigs/seal},
 * {@code ReplyInvoiceAccepted} to {@code /v1/gigs/reply-accepted}, {@code ConfirmJob}
 * to {@code /v1/gigs/confirm}, {@code OpenDispute} to {@code /v1/gigs/dispute},
 * {@code CancelGig} to {@code /v1/gigs/cancel}, {@code FetchPreimage} to
 * {@code GET /v1/preimages/{hash}}), signed with the node's key, on its own virtual
 * thread; the answer goes to the sink from that thread (so the sink must be
 * thread-safe; a host typically queues it to its event loop). A request that fails
 * in transport is sent again, with the same call id, for {@code retryFor} (the
 * settler answers a call it has already handled the same way; each outage is
 * logged, rate-limited, by {@link OutageLog}); one the service never answers is
 * answered {@code Refused(callId, "settler unreachable: ...")};
 * an error status is answered {@code Refused} with the status and reason. A
 * {@code FetchPreimage} the service does not answer is asked of the
 * {@link DaveFallback} (Dave, where the settler also publishes revealed
 * preimages) before it is refused.
 *
 * <p>The settler's key is pinned: before anything else the client asks
 * {@code GET /v1/settler}, and if the service there has another key it refuses
 * every request, saying so, and stops polling. Notices (callId 0) arrive by a
 * long poll of {@code /v1/notices} from the given cursor; the cursor is saved
 * through {@code saveCursor} after each batch is delivered.
 */
public final class HttpSettlerClient implements SettlerClient, AutoCloseable {
    /** Requests in flight at once; more are refused at once. */
    public static final int MAX_IN_FLIGHT = 256;

    private static final System.Logger LOG = System.getLogger(HttpSettlerClient.class.getName());

    private final SettlerHttp http;
    private final PublicKey settler;
    private final Consumer<SettlerResponse> sink;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final PollLoop notices;
    private final Object pinLock = new Object();
    // guarded by pinLock: null until checked; then "" when the key matched, else the refusal
    private String pin;
    private volatile boolean closed;
    /** How long a preimage is asked of an unreachable service before the {@link DaveFallback}. */
    static final java.time.Duration BEFORE_FALLBACK = java.time.Duration.ofSeconds(5);

    private final java.time.Duration retryFor;
    private final DaveFallback fallback;
    private final OutageLog outage;

    /**
     * A client of the settler service at {@code base}, signing with {@code key}.
     *
     * @param settler the settler's key, as trusted by the node (pinned)
     * @param sink    receives every answer and notice
     */
    public static Builder builder(URI base, PrivateKey key, PublicKey settler, Consumer<SettlerResponse> sink) {
        return new Builder(new SettlerHttp(base, key), settler, sink);
    }

    /** As the other builder, over a given low-level client (closed with this one). */
    public static Builder builder(SettlerHttp http, PublicKey settler, Consumer<SettlerResponse> sink) {
        return new Builder(http, settler, sink);
    }

    /**
     * The parts of an {@link HttpSettlerClient}: the notice cursor (default 0, not saved), how
     * long an unreachable service is retried (default 60 s) and the {@link DaveFallback} for
     * preimages (default none).
     */
    public static final class Builder {
        private final SettlerHttp http;
        private final PublicKey settler;
        private final Consumer<SettlerResponse> sink;
        private long cursor;
        private LongConsumer saveCursor = c -> { };
        private java.time.Duration retryFor = Retry.BUDGET;
        private DaveFallback fallback = DaveFallback.NONE;

        private Builder(SettlerHttp http, PublicKey settler, Consumer<SettlerResponse> sink) {
            this.http = Objects.requireNonNull(http, "http");
            this.settler = Objects.requireNonNull(settler, "settler");
            this.sink = Objects.requireNonNull(sink, "sink");
        }

        /**
         * @param cursor     the last notice seq already handled (0 at first)
         * @param saveCursor persists the cursor after each batch of notices
         */
        public Builder cursor(long cursor, LongConsumer saveCursor) {
            this.cursor = cursor;
            this.saveCursor = Objects.requireNonNull(saveCursor, "saveCursor");
            return this;
        }

        /** How long a request that cannot reach the service is retried before "settler unreachable". */
        public Builder retryFor(java.time.Duration retryFor) {
            this.retryFor = Objects.requireNonNull(retryFor, "retryFor");
            return this;
        }

        /** Where a preimage the service does not answer is asked next. */
        public Builder fallback(DaveFallback fallback) {
            this.fallback = Objects.requireNonNull(fallback, "fallback");
            return this;
        }

        /** The client, polling for notices at once. */
        public HttpSettlerClient build() {
            return new HttpSettlerClient(this);
        }
    }

    private HttpSettlerClient(Builder b) {
        SettlerHttp http = b.http;
        PublicKey settler = b.settler;
        Consumer<SettlerResponse> sink = b.sink;
        long cursor = b.cursor;
        LongConsumer saveCursor = b.saveCursor;
        java.time.Duration retryFor = b.retryFor;
        DaveFallback fallback = b.fallback;
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.retryFor = Objects.requireNonNull(retryFor, "retryFor");
        this.http = Objects.requireNonNull(http, "http");
        this.settler = Objects.requireNonNull(settler, "settler");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.outage = new OutageLog(LOG, "the settler service at " + http.base());
        this.notices = new PollLoop(http, "/v1/notices", "notices", cursor, Objects.requireNonNull(saveCursor),
                () -> pinned() == null, message -> {
                    if (message instanceof ServiceMessage.SettlerAnswer a) {
                        sink.accept(a.response());
                    }
                });
        notices.start();
    }

    @Override
    public void send(PublicKey to, SettlerRequest request) {
        Objects.requireNonNull(request, "request");
        if (!settler.equals(to)) {
            deliverLater(new SettlerResponse.Refused(request.callId(), "this client reaches settler "
                    + settler.hex() + " only, not " + to.hex()));
            return;
        }
        if (!inFlight.tryAcquire()) {
            deliverLater(new SettlerResponse.Refused(request.callId(),
                    "too many requests in flight to the settler (" + MAX_IN_FLIGHT + ")"));
            return;
        }
        Thread.ofVirtual().name("settler-call " + request.callId()).start(() -> {
            try {
                deliver(perform(request));
            } finally {
                inFlight.release();
            }
        });
    }

    /** Carries one request and turns every outcome into its answer. */
    SettlerResponse perform(SettlerRequest request) {
        long callId = request.callId();
        // a preimage has a second source: Dave is asked after a short wait, not after the whole budget
        java.time.Duration budget = request instanceof SettlerRequest.FetchPreimage && fallback != DaveFallback.NONE
                && retryFor.compareTo(BEFORE_FALLBACK) > 0 ? BEFORE_FALLBACK : retryFor;
        String call = request.getClass().getSimpleName() + " (call " + callId + ")";
        Retry.Listener logged = (e, retrying, pauseMs) -> outage.failed(call, e,
                retrying ? "sending it again with the same call id in " + pauseMs + " ms" : "giving up");
        try {
            String refusal = Retry.until(budget, Retry.ANY, this::pinned, logged);
            if (refusal != null) {
                return new SettlerResponse.Refused(callId, refusal);
            }
            // Sent again after any transport failure, with the same call id, whether or not it reached
            // the service (a pooled connection the restarted service had closed fails with "header parser
            // received no bytes"; such a seal used to be refused at once, never retried, and the ride
            // was stuck): the settler answers a call it has handled again the same way, and
            // shares the answer of one still in flight.
            SettlerHttp.Answer answer = Retry.until(budget, Retry.ANY, () -> switch (request) {
                case SettlerRequest.IssueReplyHash r -> http.post("/v1/gigs/reply-hash", ApiBodies.ReplyHash.of(r));
                case SettlerRequest.SealReply r -> http.post("/v1/gigs/seal", ApiBodies.Seal.of(r));
                case SettlerRequest.ReplyInvoiceAccepted r ->
                        http.post("/v1/gigs/reply-accepted", new ApiBodies.GigCall(callId, r.replyPaymentHash().hex()));
                case SettlerRequest.ConfirmJob r ->
                        http.post("/v1/gigs/confirm", new ApiBodies.GigCall(callId, r.replyPaymentHash().hex()));
                case SettlerRequest.OpenDispute r -> http.post("/v1/gigs/dispute", ApiBodies.Dispute.of(r));
                case SettlerRequest.CancelGig r ->
                        http.post("/v1/gigs/cancel", new ApiBodies.GigCall(callId, r.replyPaymentHash().hex()));
                case SettlerRequest.JobPaymentLocked r -> http.post("/v1/gigs/payment-locked", ApiBodies.PaymentLocked.of(r));
                // public: revealed preimages are published (seed 000, end of 3.9)
                case SettlerRequest.FetchPreimage r -> http.get("/v1/preimages/" + r.paymentHash().hex());
            }, logged);
            outage.answered();
            if (request instanceof SettlerRequest.FetchPreimage f) {
                return preimage(f, answer);
            }
            return response(callId, answer);
        } catch (IOException e) {
            if (request instanceof SettlerRequest.FetchPreimage f) {
                return fromFallback(f, e);
            }
            return new SettlerResponse.Refused(callId, "settler unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SettlerResponse.Refused(callId, "settler unreachable: interrupted");
        }
    }

    /** The preimage from the fallback when the service does not answer, checked; else the refusal. */
    private SettlerResponse fromFallback(SettlerRequest.FetchPreimage f, IOException unreachable) {
        java.util.Optional<Preimage> p;
        try {
            p = fallback.preimage(f.paymentHash()).filter(x -> x.matches(f.paymentHash()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SettlerResponse.Refused(f.callId(), "settler unreachable: interrupted");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the Dave fallback failed", e);
            p = java.util.Optional.empty();
        }
        if (p.isPresent()) {
            LOG.log(Level.INFO, "the settler does not answer; the preimage of " + f.paymentHash().hex()
                    + " came from Dave");
            return new SettlerResponse.PreimageRevealed(f.callId(), f.paymentHash(), p.get());
        }
        return new SettlerResponse.Refused(f.callId(), "settler unreachable: " + unreachable
                + (fallback == DaveFallback.NONE ? "" : "; the preimage is not on Dave either"));
    }

    /** The settler's answer carried in {@code "message"}, or a refusal with the HTTP error. */
    private static SettlerResponse response(long callId, SettlerHttp.Answer answer) {
        JsonNode message = answer.body().path("message");
        if (message.isTextual()) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(message.asText());
            } catch (IllegalArgumentException e) {
                return new SettlerResponse.Refused(callId, "the settler's answer is not base64");
            }
            if (ServiceCodec.decode(bytes) instanceof Decoded.Ok<ServiceMessage> ok
                    && ok.value() instanceof ServiceMessage.SettlerAnswer a) {
                if (a.response().callId() != callId) {
                    return new SettlerResponse.Refused(callId, "the settler answered another call");
                }
                return a.response();
            }
            return new SettlerResponse.Refused(callId, "the settler's answer does not decode");
        }
        return new SettlerResponse.Refused(callId, "settler answered HTTP " + answer.status() + ": " + answer.error());
    }

    private static SettlerResponse preimage(SettlerRequest.FetchPreimage f, SettlerHttp.Answer answer) {
        if (answer.status() != 200) {
            return new SettlerResponse.Refused(f.callId(), answer.status() == 404 ? "the preimage of "
                    + f.paymentHash().hex() + " is not revealed" : "settler answered HTTP " + answer.status() + ": "
                    + answer.error());
        }
        byte[] bytes = Hex.tryDecode(answer.body().path("preimage").asText()).orElse(new byte[0]);
        if (bytes.length != Preimage.SIZE || !Preimage.of(bytes).matches(f.paymentHash())) {
            return new SettlerResponse.Refused(f.callId(), "the settler published a preimage that does not match");
        }
        return new SettlerResponse.PreimageRevealed(f.callId(), f.paymentHash(), Preimage.of(bytes));
    }


    /**
     * Null once the service is known to have the pinned key; else the refusal to
     * give. Throws when the service cannot be reached (asked again next time).
     */
    private String pinned() throws IOException, InterruptedException {
        synchronized (pinLock) {
            if (pin != null) {
                return pin.isEmpty() ? null : pin;
            }
        }
        JsonNode body = http.get("/v1/settler").orThrow();
        String id = body.path("id").asText();
        String result = id.equals(settler.hex()) ? "" : "refusing to work with the service at " + http.base()
                + ": its settler key is " + id + ", not the pinned " + settler.hex();
        synchronized (pinLock) {
            if (pin == null) {
                pin = result;
                if (!result.isEmpty()) {
                    LOG.log(Level.ERROR, result);
                }
            }
            return pin.isEmpty() ? null : pin;
        }
    }

    private void deliverLater(SettlerResponse response) {
        Thread.ofVirtual().start(() -> deliver(response));
    }

    private void deliver(SettlerResponse response) {
        if (!closed) {
            sink.accept(response);
        }
    }

    /** Stops polling and delivering; requests in flight are dropped. */
    @Override
    public void close() {
        closed = true;
        notices.close();
        http.close();
    }
}

package org.giggossip.node.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.giggossip.core.cert.SignatureChecks;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.validation.Verdict;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.net.dave.DaveHost;
import org.giggossip.net.dave.DaveMsg;
import org.giggossip.net.dave.GigDats;
import org.giggossip.settler.client.DaveFallback;
import org.giggossip.settler.client.SettlerHttp;

/**
 * What a node on a settler service fetches beside its calls, with Dave as the
 * fallback when the service does not answer (docs/dave.md, "The node's side"):
 * <ul>
 * <li>the settler's revocation list, from {@code GET /v1/revocations} at start and every
 * {@link #EVERY}; when the service does not answer, the newest list on Dave under the
 * settler's key ({@link GigDats#revocationsKey}) that carries its signature. A list is
 * offered to the {@link TrustStore} on the engine's thread, which keeps it only if newer;</li>
 * <li>a revealed preimage, as a {@link DaveFallback} for the settler client
 * ({@link #preimages}): the first DAT on Dave under the payment hash whose value hashes to it.</li>
 * </ul>
 */
public final class SettlerFallback implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SettlerFallback.class.getName());
    /** How often the revocation list is fetched. */
    public static final Duration EVERY = Duration.ofMinutes(1);
    /** How long a lookup on Dave collects answers. */
    public static final Duration DAVE_TIMEOUT = Duration.ofSeconds(5);

    private final SettlerHttp http;
    private final PublicKey settler;
    private final Optional<DaveHost> dave;
    private final Consumer<Runnable> engine;
    private final TrustStore trust;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "revocations");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param http    the settler service (closed with this)
     * @param settler the settler's pinned key: only its lists are taken
     * @param dave    the node's Dave host, if it runs one
     * @param engine  runs a task on the engine's thread ({@code EngineHost::post})
     * @param trust   the engine's trust store, touched only through {@code engine}
     */
    public SettlerFallback(SettlerHttp http, PublicKey settler, Optional<DaveHost> dave, Consumer<Runnable> engine,
            TrustStore trust) {
        this.http = Objects.requireNonNull(http, "http");
        this.settler = Objects.requireNonNull(settler, "settler");
        this.dave = Objects.requireNonNull(dave, "dave");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    /** Fetches the list now and then every {@link #EVERY}. */
    public SettlerFallback start() {
        timer.scheduleWithFixedDelay(this::fetchQuietly, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Fetches the settler's list (from HTTP, else from Dave) and offers it on the engine's
     * thread; returns the list offered, if any.
     */
    public Optional<RevocationList> fetch() throws InterruptedException {
        Optional<RevocationList> list;
        String from;
        try {
            list = fromHttp();
            from = http.base().toString();
        } catch (IOException e) {
            list = fromDave();
            from = "Dave";
            LOG.log(System.Logger.Level.DEBUG, "the settler does not answer (" + e.getMessage() + "); "
                    + (list.isPresent() ? "its revocation list came from Dave" : "no revocation list on Dave"));
        }
        String source = from;
        list.ifPresent(l -> engine.accept(() -> {
            Verdict v = trust.offer(l);
            if (v.isAccepted()) {
                LOG.log(System.Logger.Level.INFO, "revocation list version " + Long.toUnsignedString(
                        l.body().version()) + " of the settler from " + source + ": " + l.body().revoked().size()
                        + " revoked");
            }
        }));
        return list;
    }

    private void fetchQuietly() {
        try {
            fetch();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "fetching the revocation list failed", e);
        }
    }

    /** The list the service serves, if it is the settler's and signed; throws if it does not answer. */
    private Optional<RevocationList> fromHttp() throws IOException, InterruptedException {
        SettlerHttp.Answer a = http.get("/v1/revocations");
        JsonNode list = a.body().path("list");
        if (a.status() != 200 || !list.isTextual()) {
            LOG.log(System.Logger.Level.WARNING, "the settler answered GET /v1/revocations with " + a.status());
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(list.asText());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (RevocationList.decode(bytes) instanceof Decoded.Ok<RevocationList> ok
                && ok.value().body().authority().equals(settler)
                && SignatureChecks.revocationList(ok.value()).isAccepted()) {
            return Optional.of(ok.value());
        }
        LOG.log(System.Logger.Level.WARNING, "the settler served a revocation list that is not its own signed one");
        return Optional.empty();
    }

    private Optional<RevocationList> fromDave() throws InterruptedException {
        if (dave.isEmpty()) {
            return Optional.empty();
        }
        return GigDats.newestRevocations(await(dave.get().getByPrev(GigDats.revocationsKey(settler), DAVE_TIMEOUT),
                DAVE_TIMEOUT), settler);
    }

    /**
     * A {@link DaveFallback} asking the Dave host (looked up at each call: the daemon starts
     * it after the settler client; none: no fallback) by prev for the preimage of a payment
     * hash: the first DAT whose value hashes to it, within {@code timeout}.
     */
    public static DaveFallback preimages(java.util.function.Supplier<Optional<DaveHost>> dave, Duration timeout) {
        Objects.requireNonNull(dave, "dave");
        return hash -> {
            Optional<DaveHost> host = dave.get();
            if (host.isEmpty()) {
                return Optional.empty();
            }
            List<DaveMsg> got = await(host.get().getByPrev(GigDats.preimageKey(hash), timeout,
                    d -> GigDats.openPreimage(d, hash).isPresent()), timeout);
            return got.stream().map(d -> GigDats.openPreimage(d, hash)).flatMap(Optional::stream).findFirst();
        };
    }

    /** The DATs of a lookup, which completes by its own {@code timeout}; empty if it failed. */
    private static List<DaveMsg> await(java.util.concurrent.CompletableFuture<List<DaveMsg>> lookup,
            Duration timeout) throws InterruptedException {
        try {
            return lookup.get(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "a Dave lookup failed: " + e);
            return List.of();
        }
    }

    /** Stops fetching and closes the HTTP client. */
    @Override
    public void close() {
        timer.shutdownNow();
        http.close();
    }
}

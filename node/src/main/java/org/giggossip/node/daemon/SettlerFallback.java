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
 * The revocation list of one settler the node trusts, fetched at start and every period
 * ({@code [settler] revocation_fetch_s}; docs/settler.md, "Revocation"), with Dave as the
 * fallback when the settler does not answer (docs/dave.md, "The node's side"):
 * <ul>
 * <li>the list from the settler itself, when the node has a way to ask it: {@code GET
 * /v1/revocations} of its service, or the settler this node serves
 * ({@link Source}); else, or when it does not answer, the newest list on Dave under the
 * settler's key ({@link GigDats#revocationsKey}) that carries its signature. Only a list of
 * this settler, signed by it, is taken; it is offered to the {@link TrustStore} on the
 * engine's thread, which keeps it only if newer (an older list never replaces a newer one).
 * What is read is bounded: an HTTP answer by {@link SettlerHttp#MAX_ANSWER_BYTES}, a list by
 * {@link org.giggossip.core.wire.WireLimits#MAX_REVOCATION_LIST_BYTES}, and the store holds one
 * list per trusted settler;</li>
 * <li>a revealed preimage, as a {@link DaveFallback} for the settler client
 * ({@link #preimages}): the first DAT on Dave under the payment hash whose value hashes to it.</li>
 * </ul>
 */
public final class SettlerFallback implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SettlerFallback.class.getName());
    /** How often the revocation list is fetched by default ({@code [settler] revocation_fetch_s}). */
    public static final Duration EVERY = Duration.ofMinutes(5);
    /** How long a lookup on Dave collects answers. */
    public static final Duration DAVE_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Where the settler's own list is asked for first: its HTTP service, or the settler this
     * node serves. Throws {@link IOException} when it does not answer (Dave is asked then).
     */
    @FunctionalInterface
    public interface Source {
        /** The settler's list as its source gives it (checked by the caller); empty if it gave none. */
        Optional<RevocationList> fetch() throws IOException, InterruptedException;
    }

    /** No source but Dave: a settler trusted by key only. */
    private static final Source NONE = () -> {
        throw new IOException("no address of the settler is known");
    };

    private final Source source;
    private final String sourceName;
    private final AutoCloseable closing;
    private final Duration every;
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
     * The list of a settler served by HTTP, fetched every {@link #EVERY}.
     *
     * @param http    the settler service (closed with this)
     * @param settler the settler's pinned key: only its lists are taken
     * @param dave    the node's Dave host, if it runs one
     * @param engine  runs a task on the engine's thread ({@code EngineHost::post})
     * @param trust   the engine's trust store, touched only through {@code engine}
     */
    public SettlerFallback(SettlerHttp http, PublicKey settler, Optional<DaveHost> dave, Consumer<Runnable> engine,
            TrustStore trust) {
        this(http, settler, dave, engine, trust, EVERY);
    }

    /** The list of a settler served by HTTP ({@code http}, closed with this), fetched every {@code every}. */
    public SettlerFallback(SettlerHttp http, PublicKey settler, Optional<DaveHost> dave, Consumer<Runnable> engine,
            TrustStore trust, Duration every) {
        this(() -> fromHttp(http), http.base().toString(), http, settler, dave, engine, trust, every);
    }

    /**
     * The list of a settler asked through {@code source} first ({@link #onDaveOnly} for none).
     *
     * @param sourceName what the log calls the source
     * @param every      the period of {@link #start}
     */
    public SettlerFallback(Source source, String sourceName, PublicKey settler, Optional<DaveHost> dave,
            Consumer<Runnable> engine, TrustStore trust, Duration every) {
        this(source, sourceName, () -> { }, settler, dave, engine, trust, every);
    }

    private SettlerFallback(Source source, String sourceName, AutoCloseable closing, PublicKey settler,
            Optional<DaveHost> dave, Consumer<Runnable> engine, TrustStore trust, Duration every) {
        this.source = Objects.requireNonNull(source, "source");
        this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
        this.closing = closing;
        this.settler = Objects.requireNonNull(settler, "settler");
        this.dave = Objects.requireNonNull(dave, "dave");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.trust = Objects.requireNonNull(trust, "trust");
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("the period must be positive");
        }
        this.every = every;
    }

    /** The list of a settler trusted by key only, whose address the node does not know: from Dave. */
    public static SettlerFallback onDaveOnly(PublicKey settler, Optional<DaveHost> dave, Consumer<Runnable> engine,
            TrustStore trust, Duration every) {
        return new SettlerFallback(NONE, "no address known", settler, dave, engine, trust, every);
    }

    /** Fetches the list now and then every period. */
    public SettlerFallback start() {
        timer.scheduleWithFixedDelay(this::fetchQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Fetches the settler's list (from HTTP, else from Dave) and offers it on the engine's
     * thread; returns the list offered, if any.
     */
    public Optional<RevocationList> fetch() throws InterruptedException {
        Optional<RevocationList> list;
        String from = sourceName;
        try {
            list = source.fetch().filter(this::isOwnSigned);
        } catch (IOException e) {
            list = Optional.empty();
            LOG.log(System.Logger.Level.DEBUG, "settler " + settler.hex().substring(0, 8) + ": " + sourceName
                    + " does not answer (" + e.getMessage() + "); asking Dave");
        }
        if (list.isEmpty()) {
            list = fromDave();
            from = "Dave";
        }
        if (list.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "no revocation list of settler " + settler.hex().substring(0, 8)
                    + " this time (" + sourceName + (dave.isPresent() ? ", Dave" : "; no [dave] to ask") + ")");
        }
        String source = from;
        list.ifPresent(l -> engine.accept(() -> {
            Verdict v = trust.offer(l);
            if (v.isAccepted()) {
                LOG.log(System.Logger.Level.INFO, "revocation list version " + Long.toUnsignedString(
                        l.body().version()) + " of settler " + settler.hex().substring(0, 8) + " from " + source
                        + ": " + l.body().revoked().size() + " revoked");
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

    /** Whether {@code list} is this settler's and carries its signature. */
    private boolean isOwnSigned(RevocationList list) {
        if (list.body().authority().equals(settler) && SignatureChecks.revocationList(list).isAccepted()) {
            return true;
        }
        LOG.log(System.Logger.Level.WARNING, "the settler's source " + sourceName
                + " gave a revocation list that is not the settler's own signed one");
        return false;
    }

    /** The list a settler service serves, decoded (not yet checked); throws if it does not answer. */
    private static Optional<RevocationList> fromHttp(SettlerHttp http) throws IOException, InterruptedException {
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
        if (RevocationList.decode(bytes) instanceof Decoded.Ok<RevocationList> ok) {
            return Optional.of(ok.value());
        }
        LOG.log(System.Logger.Level.WARNING, "the settler served a revocation list that does not decode");
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

    /** Stops fetching and closes the HTTP client, if any. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            closing.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + sourceName + ": " + e.getMessage());
        }
    }
}

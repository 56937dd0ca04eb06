package org.giggossip.app.walkthrough;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.cert.CertificateValidator;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.SealedBox;
import org.giggossip.core.crypto.Sha256;
import org.giggossip.core.crypto.SymmetricBox;
import org.giggossip.core.pow.PowResult;
import org.giggossip.core.pow.PowScheme;
import org.giggossip.core.pow.PowSolver;
import org.giggossip.core.pow.PowVerifier;
import org.giggossip.core.pow.Target;
import org.giggossip.core.pow.TimestampWindow;
import org.giggossip.core.topic.Geohash;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.topic.TopicPolicy;
import org.giggossip.core.validation.Verdict;
import org.giggossip.core.wire.AskDeclinedFrame;
import org.giggossip.core.wire.AskForBroadcastFrame;
import org.giggossip.core.wire.AskId;
import org.giggossip.core.wire.BroadcastPayload;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Frame;
import org.giggossip.core.wire.FrameCodec;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.POWBroadcastConditionsFrame;
import org.giggossip.core.wire.POWBroadcastFrame;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.ProofOfWork;
import org.giggossip.core.wire.RequestPayload;
import org.giggossip.core.wire.SettlementPromise;
import org.giggossip.core.wire.SettlementPromiseBody;
import org.giggossip.core.wire.Signer;
import org.giggossip.core.wire.SignedRequestPayload;
import org.giggossip.core.wire.WorkRequest;

/**
 * One taxi job carried through the building blocks of seed 000 section 3 that
 * exist today, printed as a timeline: certificates (3.2), a taxi topic (3.1), the
 * signed request (3.3), ask, conditions and proof of work at every hop (3.4, 3.6),
 * onion layers (3.5), the worker's sealed offer, the settler's preimage and
 * settlement promise (3.8, 3.9), and the customer opening the offer.
 *
 * <p>Every frame goes through {@link FrameCodec}: encoded by its sender and
 * decoded by its receiver, which runs the receipt checks cheapest first (size and
 * syntax while decoding, then proof of work, timestamp window, topic policy,
 * signature, certificate and revocation, then de-duplication by payload id).
 *
 * <p>A scaffold, written before the protocol engine and the real node existed
 * (docs/design.md, "gg walkthrough is a scaffold, gg demo the real thing"): there
 * are no sockets, the onion here grows by one sealed layer per hop (the engine's is
 * fixed-size), and no invoice is issued or paid, so the settler reveals the preimage
 * without waiting for payments.
 */
public final class Walkthrough {
    /** This scaffold issues no invoices (the engine does); the promise's job invoice field says so. */
    private static final String NO_JOB_INVOICE = "noinvoiceinthewalkthrough";

    /** What to run. */
    public record Options(int hops, double difficulty, int powThreads) {
        public Options {
            if (hops < 1 || hops > 10) {
                throw new IllegalArgumentException("hops must be 1 to 10");
            }
            if (!(difficulty >= 1)) {
                throw new IllegalArgumentException("difficulty must be at least 1");
            }
            if (powThreads < 1) {
                throw new IllegalArgumentException("pow threads must be at least 1");
            }
        }
    }

    /** What happened: every number the timeline shows, for tests and tools. */
    public record Report(int hops, int frames, long frameBytes, long powAttempts, long powMillis,
            long replyFeesMsat, String openedOffer, Duration elapsed) {}

    private static final String DRIVER_OFFER =
            "Driver Ana (certificate: driving_licence=valid), white Toyota Corolla,"
                    + " call +61 2 5550 0142, price 38.50 AUD, pickup in 6 minutes";
    private static final long REPLY_FEE_MSAT_PER_HOP = 1_000;
    private static final long NETWORK_AMOUNT_MSAT = 2_000;
    private static final long JOB_AMOUNT_MSAT = 38_500_000;

    private final Options options;
    private final PrintStream out;
    private final Clock clock;
    private final SecureRandom random;

    private int frames;
    private long frameBytes;

    public Walkthrough(Options options, PrintStream out, Clock clock, SecureRandom random) {
        this.options = options;
        this.out = out;
        this.clock = clock;
        this.random = random;
    }

    /** A participant: a name for the timeline and a key. */
    private record Party(String name, PrivateKey key) {
        PublicKey id() {
            return key.publicKey();
        }

        String shortId() {
            return id().hex().substring(0, 12);
        }
    }

    /** Runs the walkthrough; throws {@link WalkthroughException} if any check fails. */
    public Report run() throws InterruptedException {
        Instant started = clock.instant();
        Instant now = started;

        section("Set-up: a settler certifies the customer and the driver (3.2)");
        Party settler = party("settler");
        CertificateAuthority authority = new CertificateAuthority(Signer.of(settler.key(), random),
                "https://settler.example");
        Certificate settlerCert = authority.selfCertificate(1, Map.of("role", "settler"),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
        Party customer = party("customer");
        Certificate customerCert = authority.issue(2, customer.id(), Map.of(),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
        Party driver = party("driver");
        Certificate driverCert = authority.issue(3, driver.id(), Map.of("driving_licence", "valid"),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
        List<Party> relays = new ArrayList<>();
        for (int i = 1; i < options.hops(); i++) {
            relays.add(party("relay-" + i));
        }
        TrustStore trust = new TrustStore(List.of(settler.id()));
        require(trust.offer(authority.revocationList(1, now, List.of())), "revocation list v1");
        CertificateValidator validator = new CertificateValidator(trust, clock);
        line("settler %s issues certificates #2 (customer) and #3 (driver, driving_licence=valid);"
                + " revocation list v1 is empty", settler.shortId());

        section("The job: a taxi topic (3.1) in a signed request (3.3)");
        String from = Geohash.encode(-33.8647, 151.2096, 7); // seed 000 section 3.1
        String to = Geohash.encode(-33.9399, 151.1753, 7); // Sydney airport
        TaxiTopic topic = new TaxiTopic(from, to, now, now.plus(Duration.ofMinutes(20)));
        SignedRequestPayload request = SignedRequestPayload.sign(
                new RequestPayload(PayloadId.random(random), topic, customerCert),
                Signer.of(customer.key(), random));
        line("customer %s: ride from %s (%s) to %s, pickup within 20 minutes; payload id %s, %d bytes signed",
                customer.shortId(), from, describeCell(from), to,
                request.payloadId().hex().substring(0, 8), request.bodyBytes().length);

        section("Broadcast: ask, conditions, proof of work, checks at every hop (3.3 to 3.6)");
        List<Party> path = new ArrayList<>();
        path.add(customer);
        path.addAll(relays);
        path.add(driver);
        Target target = Target.fromDifficulty(options.difficulty());
        Duration tolerance = Duration.ofSeconds(30);
        Set<PayloadId> seenByDriver = new HashSet<>();
        byte[] onion = new byte[0];
        long attempts = 0;
        long powMillis = 0;
        PowSolver solver = new PowSolver(options.powThreads(), clock);
        for (int hop = 1; hop < path.size(); hop++) {
            Party originator = path.get(hop - 1);
            Party middleman = path.get(hop);
            line("hop %d: %s -> %s", hop, originator.name(), middleman.name());

            AskForBroadcastFrame ask = receive(new AskForBroadcastFrame(AskId.random(random), request),
                    AskForBroadcastFrame.class);
            TaxiTopic asked = (TaxiTopic) ask.signedRequestPayload().payload().topic();
            require(TopicPolicy.defaults().evaluate(asked, clock.instant()), "topic policy of " + middleman.name());
            POWBroadcastConditionsFrame conditions = receive(new POWBroadcastConditionsFrame(ask.askId(),
                    clock.instant().plus(Duration.ofMinutes(1)),
                    new WorkRequest(PowScheme.SHA256.wireName(), target.toByteArray()), tolerance,
                    REPLY_FEE_MSAT_PER_HOP), POWBroadcastConditionsFrame.class);
            line("   %s accepts the topic and asks for %s work at difficulty %.0f, tolerance %ds, fee %d msat",
                    middleman.name(), conditions.workRequest().powScheme(), target.difficulty(),
                    conditions.timestampTolerance().toSeconds(), conditions.replyFeeMsat());

            // 3.5: the originator adds its return address, sealed so only this middleman can read it.
            onion = SealedBox.seal(middleman.id(), concat(originator.id().bytes(), onion), random);
            BroadcastPayload payload = BroadcastPayload.create(request, onion, clock.instant());
            byte[] payloadBytes = payload.encoded();
            Instant powStart = clock.instant();
            PowResult result;
            try {
                result = solver.solve(payloadBytes, target, conditions.validTill()).result().get();
            } catch (ExecutionException e) {
                throw new WalkthroughException("proof of work failed: " + e.getCause(), e);
            }
            long ms = Duration.between(powStart, clock.instant()).toMillis();
            if (!(result instanceof PowResult.Found found)) {
                throw new WalkthroughException("no proof of work before valid_till: " + result);
            }
            attempts += found.attempts();
            powMillis += ms;
            POWBroadcastFrame broadcast = receive(conditions.broadcast(payload,
                    new ProofOfWork(PowScheme.SHA256.wireName(), target.toByteArray(), found.nonce())),
                    POWBroadcastFrame.class);
            line("   %s: proof of work in %d ms (%,d attempts); onion now %d bytes", originator.name(), ms,
                    found.attempts(), onion.length);

            // Receipt checks, cheapest first (3.6).
            byte[] received = broadcast.broadcastPayload().encoded();
            ProofOfWork pow = broadcast.proofOfWork();
            require(new PowVerifier(PowScheme.SHA256, target).verify(received, pow.powScheme(), pow.powTarget(),
                    pow.nonce()), "proof of work");
            require(new TimestampWindow(clock, tolerance).check(broadcast.broadcastPayload().timestamp()),
                    "timestamp window");
            require(validator.validateRequestPayload(broadcast.broadcastPayload().signedRequestPayload(), Map.of()),
                    "signature and certificate");
            boolean fresh = middleman != driver || seenByDriver.add(request.payloadId());
            line("   %s verifies: proof of work ok, timestamp ok, signature ok, certificate #%d ok, %s",
                    middleman.name(), customerCert.body().serial(), fresh ? "payload id new" : "seen before");
        }

        section("Reply: the driver's sealed offer and the settler's promise (3.8, 3.9)");
        byte[] sealedOffer = SealedBox.seal(customerCert.subject(), DRIVER_OFFER.getBytes(StandardCharsets.UTF_8),
                random);
        byte[] networkPreimage = randomBytes(32);
        byte[] replyPreimage = randomBytes(32);
        byte[] encryptedReply = SymmetricBox.seal(networkPreimage, sealedOffer, random);
        SettlementPromise promise = SettlementPromise.sign(new SettlementPromiseBody(settlerCert,
                Hash32.of(Sha256.hash(networkPreimage)), SettlementPromise.hashOfEncryptedReplyPayload(encryptedReply),
                Hash32.of(Sha256.hash(replyPreimage)), NETWORK_AMOUNT_MSAT, JOB_AMOUNT_MSAT,
                clock.instant().plus(Duration.ofMinutes(10)), NO_JOB_INVOICE, driverCert),
                Signer.of(settler.key(), random));
        line("driver seals its offer to the customer's key (%d bytes); settler %s draws the preimage,"
                + " encrypts the offer under it (%d bytes) and signs the promise; network payment hash %s",
                sealedOffer.length, settler.shortId(), encryptedReply.length,
                promise.body().networkPaymentHash().hex().substring(0, 12));

        byte[] forwardOnion = onion;
        long fees = 0;
        for (int hop = path.size() - 1; hop >= 1; hop--) {
            Party holder = path.get(hop);
            // 3.5: the holder peels its layer and learns only where to send the reply next.
            byte[] layer = SealedBox.open(holder.key(), forwardOnion)
                    .orElseThrow(() -> new WalkthroughException(holder.name() + " cannot open its onion layer"));
            PublicKey next = PublicKey.parse(java.util.Arrays.copyOf(layer, PublicKey.SIZE))
                    .orElseThrow(() -> new WalkthroughException("onion layer holds no key"));
            forwardOnion = java.util.Arrays.copyOfRange(layer, PublicKey.SIZE, layer.length);
            Party previous = path.get(hop - 1);
            if (!next.equals(previous.id())) {
                throw new WalkthroughException("onion of " + holder.name() + " points to the wrong peer");
            }
            require(validator.validateSettlementPromise(promise), "settlement promise at " + holder.name());
            if (!SettlementPromise.hashOfEncryptedReplyPayload(encryptedReply)
                    .equals(promise.body().hashOfEncryptedReplyPayload())) {
                throw new WalkthroughException("encrypted reply does not match the promise");
            }
            if (holder != driver) {
                fees += REPLY_FEE_MSAT_PER_HOP;
            }
            line("%s peels its onion layer, checks the settler's promise and passes the reply to %s",
                    holder.name(), previous.name());
        }
        line("network fees the customer would pay on top: %d msat for %d relays (this walkthrough issues no invoices; gg demo does)",
                fees, relays.size());
        // A ReplyFrame needs BOLT 11 invoices, which this scaffold does not issue, so the reply travels
        // here as its parts.

        section("Opening: the preimage unlocks the offer, the customer's key opens it (3.9)");
        line("(no payment yet: the settler reveals the preimage at once; later it waits for both invoices)");
        require(validator.validateSettlementPromise(promise), "settlement promise at the customer");
        if (!promise.body().networkPaymentHash().equals(Hash32.of(Sha256.hash(networkPreimage)))) {
            throw new WalkthroughException("revealed preimage does not match the payment hash");
        }
        byte[] opened = SymmetricBox.open(networkPreimage, encryptedReply)
                .flatMap(sealed -> SealedBox.open(customer.key(), sealed))
                .orElseThrow(() -> new WalkthroughException("customer cannot open the offer"));
        String offer = new String(opened, StandardCharsets.UTF_8);
        line("customer opens the offer: \"%s\"", offer);

        Duration elapsed = Duration.between(started, clock.instant());
        section("Summary");
        line("%d hops, %d frames (%,d bytes) encoded and decoded, %,d proof-of-work attempts in %d ms,"
                + " finished in %d ms", options.hops(), frames, frameBytes, attempts, powMillis, elapsed.toMillis());
        return new Report(options.hops(), frames, frameBytes, attempts, powMillis, fees, offer, elapsed);
    }

    /** Encodes a frame as its sender would and decodes it as its receiver does. */
    private <F extends Frame> F receive(F sent, Class<F> kind) {
        byte[] bytes = FrameCodec.encode(sent);
        frames++;
        frameBytes += bytes.length;
        Decoded<Frame> decoded = FrameCodec.decode(bytes);
        return switch (decoded) {
            case Decoded.Ok<Frame> ok -> switch (ok.value()) {
                case AskDeclinedFrame declined -> throw new WalkthroughException("declined: " + declined.text());
                case Frame f when kind.isInstance(f) -> kind.cast(f);
                case Frame f -> throw new WalkthroughException("expected " + kind.getSimpleName() + ", got " + f);
            };
            case Decoded.Err<Frame> err -> throw new WalkthroughException("frame does not decode: " + err.error());
        };
    }

    private Party party(String name) {
        return new Party(name, PrivateKey.generate(random));
    }

    private static void require(Verdict verdict, String what) {
        switch (verdict) {
            case Verdict.Accept a -> { }
            case Verdict.Ignore i -> throw new WalkthroughException(what + ": ignored: " + i.reason());
            case Verdict.Reject r -> throw new WalkthroughException(what + ": rejected: " + r.penalty());
        }
    }

    private static String describeCell(String hash) {
        var cell = Geohash.decode(hash);
        return String.format("%.0f m x %.0f m", cell.widthMetres(), cell.heightMetres());
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private void section(String title) {
        out.println();
        out.println("== " + title);
    }

    private void line(String format, Object... args) {
        out.println("  " + String.format(format, args));
    }

    /** A check of the walkthrough failed; the message says which. */
    public static final class WalkthroughException extends RuntimeException {
        WalkthroughException(String message) {
            super(message);
        }

        WalkthroughException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

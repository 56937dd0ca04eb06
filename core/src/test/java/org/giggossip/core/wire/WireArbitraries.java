package org.giggossip.core.wire;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.topic.ApplicationTopic;
import org.giggossip.core.topic.Geohash;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.topic.Topic;

/**
 * Generators of arbitrary well-formed wire values for property tests. Signed
 * values carry fake signatures ({@link TestSigners#fake}): no curve arithmetic
 * happens in the loops, and the codecs never verify signatures anyway.
 */
final class WireArbitraries {
    private WireArbitraries() {}

    /** A pool of valid keys, computed once. */
    static final List<PublicKey> KEYS = IntStream.rangeClosed(1, 16)
            .mapToObj(i -> TestSigners.key(i * 7919).publicKey()).toList();

    static Arbitrary<PublicKey> keys() {
        return Arbitraries.of(KEYS);
    }

    /** Byte arrays of {@code min} to {@code max} bytes, filled fast from a seed. */
    static Arbitrary<byte[]> bytes(int min, int max) {
        return Combinators.combine(Arbitraries.integers().between(min, max), Arbitraries.longs())
                .as((n, seed) -> {
                    byte[] b = new byte[n];
                    new SplittableRandom(seed).nextBytes(b);
                    return b;
                });
    }

    static Arbitrary<Instant> times() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE).map(Instant::ofEpochMilli);
    }

    static Arbitrary<Duration> durations() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE).map(Duration::ofMillis);
    }

    static Arbitrary<Long> msat() {
        return Arbitraries.longs().between(0, WireLimits.MAX_MSAT);
    }

    /**
     * Text of at most {@code maxBytes} UTF-8 bytes, filled fast from a seed with
     * 1-, 2- and 3-byte characters (BMP, no surrogates: at most 3 bytes each).
     */
    static Arbitrary<String> text(int minChars, int maxBytes) {
        return Combinators.combine(Arbitraries.integers().between(minChars, maxBytes / 3), Arbitraries.longs())
                .as((n, seed) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    StringBuilder sb = new StringBuilder(n);
                    for (int i = 0; i < n; i++) {
                        sb.append((char) switch (random.nextInt(4)) {
                            case 0 -> random.nextInt(0x20, 0x7f);
                            case 1 -> random.nextInt(0, 0x80);
                            case 2 -> random.nextInt(0x80, 0x800);
                            default -> random.nextInt(0x800, 0xd800);
                        });
                    }
                    return sb.toString();
                });
    }

    /** {@code min} to {@code max} characters of {@code alphabet}, filled fast from a seed. */
    static Arbitrary<String> ascii(String alphabet, int min, int max) {
        return Combinators.combine(Arbitraries.integers().between(min, max), Arbitraries.longs())
                .as((n, seed) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    char[] chars = new char[n];
                    for (int i = 0; i < n; i++) {
                        chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
                    }
                    return new String(chars);
                });
    }

    static final String ALNUM = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    static Arbitrary<String> invoices() {
        return ascii(ALNUM, 1, 300);
    }

    static Arbitrary<String> powSchemes() {
        return ascii("abcdefghijklmnopqrstuvwxyz0123456789-", 1, WireLimits.MAX_POW_SCHEME_BYTES);
    }

    static Arbitrary<Topic> topics() {
        Arbitrary<String> geohash = ascii(Geohash.ALPHABET, 1, Geohash.MAX_PRECISION);
        Arbitrary<Topic> taxi = Combinators.combine(geohash, geohash, times(), times())
                .as((from, to, a, b) -> new TaxiTopic(from, to, a.isBefore(b) ? a : b, a.isBefore(b) ? b : a));
        Arbitrary<Topic> application = Combinators.combine(text(1, ApplicationTopic.MAX_KIND_BYTES),
                bytes(0, 256)).as(ApplicationTopic::new);
        return Arbitraries.oneOf(taxi, application);
    }

    static Arbitrary<CertificateBody> certificateBodies() {
        var properties = Arbitraries.maps(
                ascii("abcdefghijklmnopqrstuvwxyz0123456789_.-", 1, WireLimits.MAX_PROPERTY_NAME_BYTES),
                text(0, WireLimits.MAX_PROPERTY_VALUE_BYTES)).ofMaxSize(4);
        Arbitrary<String> uri = ascii("!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
                + "abcdefghijklmnopqrstuvwxyz{|}~", 0, 64);
        return Combinators.combine(Arbitraries.longs(), keys(), properties, times(), times(), keys(), uri)
                .as((serial, subject, props, a, b, authority, u) -> CertificateBody.of(serial, subject, props,
                        a.isBefore(b) ? a : b, a.isBefore(b) ? b : a, authority, u));
    }

    static Arbitrary<Certificate> certificates() {
        return certificateBodies().map(body -> Certificate.sign(body, TestSigners.fake(body.authority())));
    }

    static Arbitrary<RevocationList> revocationLists() {
        Arbitrary<List<CertificateId>> ids = bytes(32, 32).map(CertificateId::of).list().ofMaxSize(20);
        return Combinators.combine(keys(), Arbitraries.longs(), times(), ids)
                .as((authority, version, issued, revoked) -> RevocationList.sign(
                        RevocationListBody.of(authority, version, issued, revoked), TestSigners.fake(authority)));
    }

    static Arbitrary<SignedRequestPayload> signedRequests() {
        return Combinators.combine(bytes(16, 16).map(PayloadId::of), topics(), certificates())
                .as((id, topic, cert) -> SignedRequestPayload.sign(new RequestPayload(id, topic, cert),
                        TestSigners.fake(cert.subject())));
    }

    static Arbitrary<AskId> askIds() {
        return bytes(16, 16).map(AskId::of);
    }

    static Arbitrary<AskForBroadcastFrame> asks() {
        return Combinators.combine(askIds(), signedRequests()).as(AskForBroadcastFrame::new);
    }

    static Arbitrary<POWBroadcastConditionsFrame> conditions() {
        Arbitrary<WorkRequest> work = Combinators.combine(powSchemes(), bytes(32, 32)).as(WorkRequest::new);
        return Combinators.combine(askIds(), times(), work, durations(), msat())
                .as(POWBroadcastConditionsFrame::new);
    }

    static Arbitrary<AskDeclinedFrame> declines() {
        return Combinators.combine(askIds(), Arbitraries.of(DeclineReason.class),
                text(0, WireLimits.MAX_DECLINE_TEXT_BYTES)).as(AskDeclinedFrame::new);
    }

    static Arbitrary<BroadcastPayload> broadcastPayloads() {
        return Combinators.combine(signedRequests(), bytes(0, 1024), times()).as(BroadcastPayload::create);
    }

    static Arbitrary<POWBroadcastFrame> powBroadcasts() {
        Arbitrary<ProofOfWork> pow = Combinators.combine(powSchemes(), bytes(32, 32), Arbitraries.longs())
                .as(ProofOfWork::new);
        return Combinators.combine(askIds(), broadcastPayloads(), pow).as(POWBroadcastFrame::new);
    }

    static Arbitrary<SettlementPromise> promises() {
        Arbitrary<Hash32> hashes = bytes(32, 32).map(Hash32::of);
        // the settler's certificate and, or not (a settler that predates the field), the replier's
        var certs = Combinators.combine(certificates(), certificates().optional()).as(Tuple::of);
        return Combinators.combine(certs, hashes, hashes, hashes, msat(), msat(), times(), invoices())
                .as((cs, network, encrypted, reply, networkMsat, replyMsat, expiry, invoice) -> SettlementPromise.sign(
                        new SettlementPromiseBody(cs.get1(), network, encrypted, reply, networkMsat, replyMsat,
                                expiry, invoice, cs.get2()),
                        TestSigners.fake(cs.get1().subject())));
    }

    static Arbitrary<ReplyFrame> replies() {
        return Combinators.combine(bytes(1, 2048), promises(), bytes(0, 1024), invoices()).as(ReplyFrame::new);
    }

    static Arbitrary<ReplyPayload> replyPayloads() {
        return Combinators.combine(certificates(), signedRequests(), bytes(1, 1024), invoices())
                .as(ReplyPayload::new);
    }

    static Arbitrary<Frame> frames() {
        return Arbitraries.oneOf(asks(), conditions(), declines(), powBroadcasts(), replies());
    }

    /**
     * Untrusted inputs: random bytes, or a valid encoding damaged by one to three
     * mutations (bit flip, truncation, extension, insertion, deletion, overwrite).
     */
    static Arbitrary<byte[]> hostile(Arbitrary<byte[]> valid) {
        Arbitrary<byte[]> mutated = Combinators.combine(valid, Arbitraries.integers().between(1, 3),
                Arbitraries.longs()).as((bytes, n, seed) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    byte[] b = bytes;
                    for (int i = 0; i < n; i++) {
                        b = mutate(b, random);
                    }
                    return b;
                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, bytes(0, 512)),
                net.jqwik.api.Tuple.of(4, mutated));
    }

    static byte[] mutate(byte[] b, SplittableRandom random) {
        int n = b.length;
        switch (random.nextInt(6)) {
            case 0 -> { // flip one bit
                if (n == 0) {
                    return b;
                }
                byte[] c = b.clone();
                c[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
                return c;
            }
            case 1 -> { // truncate
                return java.util.Arrays.copyOf(b, n == 0 ? 0 : random.nextInt(n));
            }
            case 2 -> { // extend with random bytes
                byte[] c = java.util.Arrays.copyOf(b, n + 1 + random.nextInt(16));
                for (int i = n; i < c.length; i++) {
                    c[i] = (byte) random.nextInt(256);
                }
                return c;
            }
            case 3 -> { // insert one byte
                int at = random.nextInt(n + 1);
                byte[] c = new byte[n + 1];
                System.arraycopy(b, 0, c, 0, at);
                c[at] = (byte) random.nextInt(256);
                System.arraycopy(b, at, c, at + 1, n - at);
                return c;
            }
            case 4 -> { // delete one byte
                if (n == 0) {
                    return b;
                }
                int at = random.nextInt(n);
                byte[] c = new byte[n - 1];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + 1, c, at, n - 1 - at);
                return c;
            }
            default -> { // overwrite one byte
                if (n == 0) {
                    return b;
                }
                byte[] c = b.clone();
                c[random.nextInt(n)] = (byte) random.nextInt(256);
                return c;
            }
        }
    }
}

package org.giggossip.core.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import org.giggossip.core.crypto.Sha256;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Hash32;
import org.junit.jupiter.api.Test;

/**
 * Each valid BOLT 11 example built from the fields its breakdown states, in the
 * order its string carries them, signed with the examples' key: the result must
 * be the example's string to the character, and decoding the example must give
 * back the stated values (docs/style.md 13: golden vectors, a comment per field).
 *
 * <p>Fields this package does not interpret are built from their stated parts
 * too: route hints ({@code r}) from the stated node ids, channel ids, fees and
 * CLTV deltas; fallback addresses ({@code f}) from the stated version and the
 * program's characters (segwit v0 ones also from the address itself); the
 * ignored fields of one example from their stated types and lengths.
 *
 * <p>Two examples cannot be reproduced from their fields; see
 * {@link Bolt11VectorsTest}: the upper-case one (this writer writes lower case)
 * and the high-S one (a low-S signer makes the first example's signature).
 */
class Bolt11GoldenTest {
    static final Bolt11Examples.File FILE = Bolt11Examples.load();
    /** 2017-06-01T10:57:38Z, {@code pvjluez}: the timestamp of all examples but one. */
    static final Instant T = Instant.ofEpochSecond(1496314658);
    static final Hash32 HASH = Hash32.of(Hex.decode("0001020304050607080900010203040506070809000102030405060708090102"));
    static final String CAKE = "One piece of chocolate cake, one icecream cone, one pickle, one slice of swiss cheese, "
            + "one slice of salami, one lollypop, one piece of cherry pie, one sausage, one cupcake, "
            + "and one slice of watermelon";
    static final Hash32 CAKE_HASH =
            Hash32.of(Hex.decode("3925b6f67e2c340036ed12093dd44e0368df1b6ea26c53dbe4811f58fd5db8c1"));
    static final BitSet FEATURES_8_14 = bits(8, 14);

    /** Signs {@code stated}, checks the string, decodes the example and checks it means what was stated. */
    static Bolt11Invoice assertGolden(String title, Bolt11Builder stated) {
        String example = FILE.example(title).invoice();
        Bolt11Invoice built = Bolt11.sign(stated, FILE.key());
        assertThat(built.encoded()).isEqualTo(example);

        Bolt11Invoice decoded = Bolt11.decode(example).orElseThrow();
        assertThat(decoded).isEqualTo(built);
        assertThat(decoded.fields()).isEqualTo(built.fields());
        assertThat(decoded.payee()).isEqualTo(Hex.decode(Bolt11VectorsTest.PAYEE));
        assertThat(decoded.isPayee(FILE.key().publicKey())).isTrue();
        assertThat(decoded.paymentSecret()).isEqualTo(FILE.paymentSecret());
        return decoded;
    }

    /** The fields most examples share, in their order: timestamp, s, p. */
    static Bolt11Builder secretThenHash(String currency) {
        return Bolt11Invoice.builder(currency).timestamp(T).paymentSecret(FILE.paymentSecret()).paymentHash(HASH);
    }

    @Test
    void donationOfAnyAmount() {
        Bolt11Invoice d = assertGolden(Bolt11VectorsTest.DONATION, secretThenHash("bc")
                .description("Please consider supporting this project")
                .features(FEATURES_8_14));
        assertThat(d.currency()).isEqualTo("bc");
        assertThat(d.amountMsat()).isEmpty();
        assertThat(d.timestamp()).isEqualTo(T);
        assertThat(d.paymentHash()).isEqualTo(HASH);
        assertThat(d.description()).hasValue("Please consider supporting this project");
        assertThat(d.descriptionHash()).isEmpty();
        assertThat(d.expiry()).isEqualTo(Duration.ofHours(1)); // x absent: the default
        assertThat(d.minFinalCltvExpiry()).isEqualTo(18); // c absent: the default
        assertThat(d.features()).isEqualTo(FEATURES_8_14);
    }

    @Test
    void threeDollarsForACoffeeWithinOneMinute() {
        Bolt11Invoice d = assertGolden("Please send $3 for a cup of coffee to the same peer, within one minute",
                secretThenHash("bc").amountMsat(250_000_000L) // 2500u
                        .description("1 cup coffee")
                        .expiry(Duration.ofSeconds(60))
                        .features(FEATURES_8_14));
        assertThat(d.amountMsat()).hasValue(250_000_000L);
        assertThat(d.description()).hasValue("1 cup coffee");
        assertThat(d.expiry()).isEqualTo(Duration.ofMinutes(1));
        assertThat(d.expiresAt()).isEqualTo(T.plusSeconds(60));
        assertThat(d.isExpired(T.plusSeconds(59))).isFalse();
        assertThat(d.isExpired(T.plusSeconds(60))).isTrue();
    }

    @Test
    void aCupOfNonsenseInJapanese() {
        Bolt11Invoice d = assertGolden(
                "Please send 0.0025 BTC for a cup of nonsense (ナンセンス 1杯) to the same peer, within one minute",
                secretThenHash("bc").amountMsat(250_000_000L) // 2500u
                        .description("ナンセンス 1杯")
                        .expiry(Duration.ofSeconds(60))
                        .features(FEATURES_8_14));
        assertThat(d.description()).hasValue("ナンセンス 1杯");
    }

    @Test
    void hashedListOfThings() {
        Bolt11Invoice d = assertGolden("Now send $24 for an entire list of things (hashed)",
                secretThenHash("bc").amountMsat(2_000_000_000L) // 20m
                        .descriptionHash(CAKE_HASH)
                        .features(FEATURES_8_14));
        assertThat(Sha256.hash(CAKE.getBytes(StandardCharsets.UTF_8))).isEqualTo(CAKE_HASH.bytes());
        assertThat(d.amountMsat()).hasValue(2_000_000_000L);
        assertThat(d.description()).isEmpty();
        assertThat(d.descriptionHash()).hasValue(CAKE_HASH);
        assertThat(d.commitsTo(CAKE)).isTrue();
        assertThat(d.commitsTo(CAKE + ".")).isFalse();
    }

    @Test
    void testnetWithP2pkhFallback() {
        Bolt11Invoice d = assertGolden(
                "The same, on testnet, with a fallback address mk2QpYatsKicvFVuTAQLBryyccRXMUaGHP",
                hashedWithFallback("tb", fallback("3", "x9et2e20v6pu37c5d9vax37wxq72un98"))); // 17: P2PKH
        assertThat(d.currency()).isEqualTo("tb");
    }

    @Test
    void mainnetWithFallbackAndTwoHopRouteHint() {
        byte[] route = ByteBuffer.allocate(2 * 51)
                .put(hop("029e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255",
                        66051, 263430, 1800, 1, 20, 3))
                .put(hop("039e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255",
                        197637, 395016, 2314, 2, 30, 4))
                .array();
        Bolt11Invoice d = assertGolden("On mainnet, with fallback address 1RustyRX2oai4EYYDpQGWvEL62BBGqN9T with extra "
                        + "routing info to go via nodes 029e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255 "
                        + "then 039e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255",
                secretThenHash("bc").amountMsat(2_000_000_000L)
                        .descriptionHash(CAKE_HASH)
                        .field(fallback("3", "qjmp7lwpagxun9pygexvgpjdc4jdj85f")) // 17: P2PKH
                        .field(TaggedField.ofBytes(TaggedField.ROUTE_HINT, route))
                        .features(FEATURES_8_14));
        assertThat(d.fields()).filteredOn(f -> f.type() == TaggedField.ROUTE_HINT).singleElement()
                .satisfies(r -> assertThat(r.bytes()).isEqualTo(route));
    }

    @Test
    void mainnetWithP2shFallback() {
        assertGolden("On mainnet, with fallback (P2SH) address 3EktnHQD7RiAE6uzMj2ZifT9YgRrkSgzQX",
                hashedWithFallback("bc", fallback("j", "3a24vwu6r8ejrss3axul8rxldph2q7z9"))); // 18: P2SH
    }

    @Test
    void mainnetWithP2wpkhFallback() {
        String address = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
        TaggedField f = fallback("q", "w508d6qejxtdg4y5r3zarvary0c5xw7k"); // witness v0, 160-bit program
        assertThat(f.words()).isEqualTo(Bech32.decode(address, 90).orElseThrow().words());
        assertGolden("On mainnet, with fallback (P2WPKH) address " + address, hashedWithFallback("bc", f));
    }

    @Test
    void mainnetWithP2wshFallback() {
        String address = "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3";
        TaggedField f = fallback("q", "rp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q"); // v0, 260 bits
        assertThat(f.words()).isEqualTo(Bech32.decode(address, 90).orElseThrow().words());
        assertGolden("On mainnet, with fallback (P2WSH) address " + address, hashedWithFallback("bc", f));
    }

    @Test
    void mainnetWithP2trFallback() {
        // The address is bech32m (BIP 350), which this Bech32 rightly refuses; the program is stated.
        String address = "bc1pptdvg0d2nj99568qn6ssdy4cygnwuxgw2ukmnwgwz7jpqjz2kszse2s3lm";
        assertThat(Bech32.decode(address, 90).errorIfAny()).hasValueSatisfying(
                e -> assertThat(e.detail()).contains("checksum"));
        assertGolden("On mainnet, with fallback (P2TR) address " + address, secretThenHash("bc")
                .amountMsat(2_000_000_000L)
                .descriptionHash(CAKE_HASH)
                .field(fallback("p", "ptdvg0d2nj99568qn6ssdy4cygnwuxgw2ukmnwgwz7jpqjz2kszs")) // witness v1
                .features(FEATURES_8_14));
    }

    @Test
    void picoBitcoinAmountWithinOneWeek() {
        Hash32 hash = Hash32.of(Hex.decode("462264ede7e14047e9b249da94fefc47f41f7d02ee9b091815a5506bc8abf75f"));
        String description = "Blockstream Store: 88.85 USD for Blockstream Ledger Nano S x 1, \"Back In My Day\" "
                + "Sticker x 2, \"I Got Lightning Working\" Sticker x 2 and 1 more items";
        Instant timestamp = Instant.ofEpochSecond(1572468703); // pwmna7l
        Bolt11Invoice d = assertGolden(
                "Please send 0.00967878534 BTC for a list of items within one week, amount in pico-BTC",
                Bolt11Invoice.builder("bc").amountMsat(967_878_534L).timestamp(timestamp) // 9678785340p
                        .paymentHash(hash)
                        .description(description)
                        .paymentSecret(FILE.paymentSecret())
                        .expiry(Duration.ofDays(7)) // 604800 s
                        .minFinalCltvExpiry(10)
                        .field(TaggedField.ofBytes(TaggedField.ROUTE_HINT, hop(
                                "03d06758583bb5154774a6eb221b1276c9e82d65bbaceca806d90e20c108f4b1c7",
                                589390, 3312, 1, 1000, 2500, 40)))
                        .features(FEATURES_8_14));
        assertThat(d.amountMsat()).hasValue(967_878_534L);
        assertThat(d.timestamp()).isEqualTo(timestamp);
        assertThat(d.paymentHash()).isEqualTo(hash);
        assertThat(d.description()).hasValue(description);
        assertThat(d.expiry()).isEqualTo(Duration.ofSeconds(604800));
        assertThat(d.minFinalCltvExpiry()).isEqualTo(10);
    }

    @Test
    void coffeeBeansWithFeatures8And14And99() {
        Bolt11Invoice d = assertGolden("Please send $30 for coffee beans to the same peer, which supports features "
                        + "8, 14 and 99, using secret 0x1111111111111111111111111111111111111111111111111111111111111111",
                coffeeBeans());
        assertThat(d.amountMsat()).hasValue(2_500_000_000L); // 25m
        assertThat(d.features()).isEqualTo(bits(8, 14, 99));
        assertThat(d.hasFeature(99)).isTrue(); // odd and unknown: kept, ignored
    }

    @Test
    void fieldsThatMustBeIgnoredAreSkippedAndKept() {
        Bolt11Invoice d = assertGolden("Same, but including fields which must be ignored.", coffeeBeans()
                .field(TaggedField.of('2', new byte[3])) // unknown type
                .field(fallback("n", "q".repeat(32))) // fallback version 19: unknown
                .field(TaggedField.of('p', new byte[51])) // p, h, s of 51 and 53 words; n of 52 and 54
                .field(TaggedField.of('p', new byte[53]))
                .field(TaggedField.of('h', new byte[51]))
                .field(TaggedField.of('h', new byte[53]))
                .field(TaggedField.of('s', new byte[51]))
                .field(TaggedField.of('s', new byte[53]))
                .field(TaggedField.of('n', new byte[52]))
                .field(TaggedField.of('n', new byte[54])));
        assertThat(d.paymentHash()).isEqualTo(HASH);
        assertThat(d.paymentSecret()).isEqualTo(FILE.paymentSecret());
        assertThat(d.descriptionHash()).isEmpty();
        assertThat(d.fields()).hasSize(4 + 10);
    }

    @Test
    void paymentMetadata() {
        TaggedField metadata = TaggedField.ofBytes(TaggedField.METADATA, Hex.decode("01fafaf0"));
        Bolt11Invoice d = assertGolden("Please send 0.01 BTC with payment metadata 0x01fafaf0",
                Bolt11Invoice.builder("bc").amountMsat(1_000_000_000L).timestamp(T) // 10m
                        .paymentHash(HASH)
                        .description("payment metadata inside")
                        .field(metadata)
                        .paymentSecret(FILE.paymentSecret())
                        .features(8, 14, 48));
        assertThat(d.fields()).contains(metadata);
        assertThat(d.features()).isEqualTo(bits(8, 14, 48));
    }

    @Test
    void upperCaseExampleMeansTheSameAsLowerCase() {
        Bolt11Invoice upper = Bolt11.decode(FILE.example(Bolt11VectorsTest.UPPER_CASE).invoice()).orElseThrow();
        assertThat(upper).isEqualTo(Bolt11.sign(coffeeBeans(), FILE.key()));
    }

    @Test
    void highSExampleMeansTheSameAsTheFirst() {
        Bolt11Invoice highS = Bolt11.decode(FILE.example(Bolt11VectorsTest.HIGH_S).invoice()).orElseThrow();
        Bolt11Invoice first = Bolt11.decode(FILE.example(Bolt11VectorsTest.DONATION).invoice()).orElseThrow();
        assertThat(highS.payee()).isEqualTo(first.payee());
        assertThat(highS.fields()).isEqualTo(first.fields());
        assertThat(highS.signedData()).isEqualTo(first.signedData());
        assertThat(highS).isNotEqualTo(first); // other signature, other string
    }

    // ---- helpers --------------------------------------------------------------------

    static Bolt11Builder coffeeBeans() {
        return Bolt11Invoice.builder("bc").amountMsat(2_500_000_000L).timestamp(T) // 25m
                .paymentHash(HASH)
                .description("coffee beans")
                .paymentSecret(FILE.paymentSecret())
                .features(8, 14, 99);
    }

    /** 20m, then s, h, p, a fallback, features: the testnet, P2SH, P2WPKH and P2WSH examples. */
    static Bolt11Builder hashedWithFallback(String currency, TaggedField fallback) {
        return Bolt11Invoice.builder(currency).amountMsat(2_000_000_000L).timestamp(T)
                .paymentSecret(FILE.paymentSecret())
                .descriptionHash(CAKE_HASH)
                .paymentHash(HASH)
                .field(fallback)
                .features(FEATURES_8_14);
    }

    /** An {@code f} field: the version word, then the program, both as bech32 characters. */
    static TaggedField fallback(String version, String program) {
        return TaggedField.of('f', words(version + program));
    }

    static byte[] words(String bech32Characters) {
        byte[] words = new byte[bech32Characters.length()];
        for (int i = 0; i < words.length; i++) {
            words[i] = (byte) Bech32.CHARSET.indexOf(bech32Characters.charAt(i));
        }
        return words;
    }

    /**
     * One route-hint hop (BOLT 11 {@code r}): node id, short channel id
     * {@code block x tx x output}, fee base msat, fee proportional millionths,
     * CLTV expiry delta.
     */
    static byte[] hop(String nodeId, long block, long tx, int output, int feeBase, int feeProportional, int cltv) {
        return ByteBuffer.allocate(51)
                .put(Hex.decode(nodeId))
                .putLong(block << 40 | tx << 16 | output)
                .putInt(feeBase)
                .putInt(feeProportional)
                .putShort((short) cltv)
                .array();
    }

    static BitSet bits(int... bits) {
        BitSet set = new BitSet();
        for (int bit : bits) {
            set.set(bit);
        }
        return set;
    }
}

package org.giggossip.core.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.giggossip.core.crypto.Ecdsa;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Hash32;

/**
 * Properties of the codec (docs/style.md 13):
 * <ul>
 *   <li>any invoice the builder can express, with its fields in any order and
 *       signed by any key, decodes to an equal invoice that means what was
 *       signed, and signing it again gives the same string;</li>
 *   <li>amounts: the human-readable part states every millisatoshi amount
 *       exactly, with the largest multiplier that can;</li>
 *   <li>hostile input never makes {@link Bolt11#decode} throw: random strings,
 *       damaged valid invoices, random words under a valid checksum, and random
 *       fields under a valid signature. Whatever decodes survives another round
 *       trip, and names its real signer.</li>
 * </ul>
 */
class Bolt11PropertiesTest {
    static final BigInteger ORDER =
            new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

    // ---- round trip --------------------------------------------------------------------

    @Property(tries = 500)
    void signedInvoicesDecodeToWhatWasSigned(
            @ForAll("keys") PrivateKey key,
            @ForAll("currencies") String currency,
            @ForAll("amounts") Optional<Long> amount,
            @ForAll @LongRange(min = 0, max = Bolt11Builder.MAX_TIMESTAMP) long timestamp,
            @ForAll("bytes32") byte[] hash,
            @ForAll("bytes32") byte[] secret,
            @ForAll("descriptions") String description,
            @ForAll boolean hashed,
            @ForAll("expiries") Optional<Long> expiry,
            @ForAll("cltvs") Optional<Integer> cltv,
            @ForAll("features") BitSet features,
            @ForAll boolean withPayee,
            @ForAll long order) {
        Hash32 descriptionHash = Hash32.of(hash.clone()); // any 32 bytes will do
        List<Consumer<Bolt11Builder>> fields = new ArrayList<>();
        fields.add(b -> b.paymentHash(Hash32.of(hash)));
        fields.add(b -> b.paymentSecret(secret));
        fields.add(hashed ? b -> b.descriptionHash(descriptionHash) : b -> b.description(description));
        expiry.ifPresent(x -> fields.add(b -> b.expiry(Duration.ofSeconds(x))));
        cltv.ifPresent(c -> fields.add(b -> b.minFinalCltvExpiry(c)));
        fields.add(b -> b.features(features));
        if (withPayee) {
            fields.add(b -> b.payee(Ecdsa.compressedPublicKey(key)));
        }
        Collections.shuffle(fields, new Random(order));
        Bolt11Builder builder = Bolt11Invoice.builder(currency).timestamp(Instant.ofEpochSecond(timestamp));
        amount.ifPresent(builder::amountMsat);
        fields.forEach(f -> f.accept(builder));

        Bolt11Invoice signed = Bolt11.sign(builder, key);
        Bolt11Invoice decoded = Bolt11.decode(signed.encoded()).orElseThrow();

        assertThat(decoded).isEqualTo(signed).hasSameHashCodeAs(signed);
        assertThat(decoded.encoded()).isEqualTo(signed.encoded());
        assertThat(decoded.fields()).isEqualTo(signed.fields());
        assertThat(decoded.signedData()).isEqualTo(signed.signedData());
        assertThat(decoded.currency()).isEqualTo(currency);
        assertThat(decoded.amountMsat().isPresent() ? Optional.of(decoded.amountMsat().getAsLong()) : Optional.empty())
                .isEqualTo(amount);
        assertThat(decoded.timestamp()).isEqualTo(Instant.ofEpochSecond(timestamp));
        assertThat(decoded.paymentHash()).isEqualTo(Hash32.of(hash));
        assertThat(decoded.paymentSecret()).isEqualTo(secret);
        assertThat(decoded.description()).isEqualTo(hashed ? Optional.empty() : Optional.of(description));
        assertThat(decoded.descriptionHash()).isEqualTo(hashed ? Optional.of(descriptionHash) : Optional.empty());
        assertThat(decoded.expiry()).isEqualTo(Duration.ofSeconds(expiry.orElse(3600L)));
        assertThat(decoded.minFinalCltvExpiry()).isEqualTo(cltv.orElse(18));
        assertThat(decoded.features()).isEqualTo(features);
        assertThat(decoded.payee()).isEqualTo(Ecdsa.compressedPublicKey(key));
        assertThat(decoded.payeeId()).isEqualTo(key.publicKey());
        assertThat(Ecdsa.isLowS(decoded.signature())).isTrue();
        assertThat(Bolt11.sign(decoded.toBuilder(), key)).isEqualTo(signed);
    }

    // ---- amounts -----------------------------------------------------------------------------

    @Property(tries = 5_000)
    void amountsAreExactAndShortest(@ForAll("amountsMsat") long msat) throws InvoiceFault {
        String hrp = new HumanReadablePart("bc", java.util.OptionalLong.of(msat)).format();
        assertThat(HumanReadablePart.parse(hrp).amountMsat()).hasValue(msat);
        String amount = hrp.substring(4);
        char last = amount.charAt(amount.length() - 1);
        long[] perUnit = {100_000_000_000L, 100_000_000L, 100_000L, 100L}; // none, m, u, n
        int used = switch (last) {
            case 'm' -> 1;
            case 'u' -> 2;
            case 'n' -> 3;
            case 'p' -> 4;
            default -> 0;
        };
        for (int larger = 0; larger < used; larger++) {
            assertThat(msat % perUnit[larger]).as("a larger multiplier states %d exactly", msat).isNotZero();
        }
        assertThat(amount).doesNotStartWith("0");
    }

    // ---- hostile input -------------------------------------------------------------------------

    @Property(tries = 5_000)
    void randomStringsNeverThrow(@ForAll("hostileStrings") String input) {
        assertTotal(input);
    }

    @Property(tries = 5_000)
    void damagedInvoicesNeverThrow(@ForAll("damagedInvoices") String input) {
        assertTotal(input);
    }

    @Property(tries = 3_000)
    void randomWordsUnderAValidChecksumNeverThrow(@ForAll("prefixes") String prefix, @ForAll("words") byte[] words) {
        assertTotal(Bech32.encode(prefix, words));
    }

    @Property(tries = 1_000)
    void randomFieldsUnderAValidSignatureNeverThrow(@ForAll("keys") PrivateKey key,
                                                    @ForAll("fieldLists") List<TaggedField> fields) {
        String invoice = Bolt11.signUnchecked("lnbc", Instant.ofEpochSecond(1_700_000_000L), fields, key);
        Decoded<Bolt11Invoice> result = assertTotal(invoice);
        result.toOptional().ifPresent(ok -> {
            assertThat(ok.payee()).isEqualTo(Ecdsa.compressedPublicKey(key));
            assertThat(ok.fields()).isEqualTo(fields);
        });
    }

    /** Decodes without throwing; an invoice survives another round trip, an error says why. */
    static Decoded<Bolt11Invoice> assertTotal(String input) {
        Decoded<Bolt11Invoice> result = Bolt11.decode(input);
        switch (result) {
            case Decoded.Ok<Bolt11Invoice> ok -> {
                assertThat(Bolt11.decode(ok.value().encoded()).orElseThrow()).isEqualTo(ok.value());
                assertThat(ok.value().encoded()).isEqualToIgnoringCase(input);
            }
            case Decoded.Err<Bolt11Invoice> err -> assertThat(err.error().detail()).isNotBlank();
        }
        return result;
    }

    // ---- arbitraries -----------------------------------------------------------------------------

    @Provide
    Arbitrary<PrivateKey> keys() {
        return Arbitraries.bigIntegers().between(BigInteger.ONE, ORDER.subtract(BigInteger.ONE)).map(n -> {
            byte[] b = n.toByteArray();
            byte[] k = new byte[32];
            int len = Math.min(b.length, 32);
            System.arraycopy(b, b.length - len, k, 32 - len, len);
            return PrivateKey.of(k);
        });
    }

    @Provide
    Arbitrary<String> currencies() {
        return Arbitraries.oneOf(Arbitraries.of("bc", "tb", "tbs", "bcrt"),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8));
    }

    @Provide
    Arbitrary<Long> amountsMsat() {
        Arbitrary<Long> any = Arbitraries.longs().between(1, HumanReadablePart.MAX_MSAT);
        Arbitrary<Long> round = Combinators.combine(Arbitraries.longs().between(1, 21_000_000),
                        Arbitraries.of(1L, 10L, 100L, 1_000L, 100_000L, 100_000_000L, 100_000_000_000L))
                .as((n, unit) -> Math.min(n * unit, HumanReadablePart.MAX_MSAT));
        return Arbitraries.oneOf(any, round, Arbitraries.of(1L, 99L, 100L, 101L, HumanReadablePart.MAX_MSAT));
    }

    @Provide
    Arbitrary<Optional<Long>> amounts() {
        return amountsMsat().optional();
    }

    @Provide
    Arbitrary<byte[]> bytes32() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32);
    }

    /** Any Unicode text of at most 150 code points (600 UTF-8 bytes), no lone surrogates. */
    @Provide
    Arbitrary<String> descriptions() {
        Arbitrary<Integer> codePoints = Arbitraries.oneOf(
                Arbitraries.integers().between(0x20, 0x7e),
                Arbitraries.integers().between(0, 0x10ffff).filter(cp -> cp < 0xd800 || cp > 0xdfff));
        return codePoints.list().ofMaxSize(150)
                .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
    }

    @Provide
    Arbitrary<Optional<Long>> expiries() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 604_800), Arbitraries.longs().between(0, (1L << 60) - 1))
                .optional();
    }

    @Provide
    Arbitrary<Optional<Integer>> cltvs() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 2016), Arbitraries.integers().between(0, Integer.MAX_VALUE))
                .optional();
    }

    /** Known bits, odd or even, and unknown odd bits. */
    @Provide
    Arbitrary<BitSet> features() {
        Arbitrary<Integer> known = Arbitraries.of(8, 9, 14, 15, 16, 17, 24, 25, 48, 49);
        Arbitrary<Integer> unknownOdd = Arbitraries.integers().between(0, 600).map(n -> 2 * n + 1);
        return Arbitraries.oneOf(known, unknownOdd).list().ofMaxSize(6).map(bits -> {
            BitSet set = new BitSet();
            bits.forEach(set::set);
            return set;
        });
    }

    @Provide
    Arbitrary<String> hostileStrings() {
        Arbitrary<String> bech32ish = Arbitraries.strings().withChars(Bech32.CHARSET + "1lnbcmunpLNBC")
                .ofMaxLength(400).map(s -> "lnbc" + s);
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(300), bech32ish,
                Arbitraries.strings().ascii().ofMaxLength(200));
    }

    @Provide
    Arbitrary<String> damagedInvoices() {
        List<String> valid = Bolt11Examples.load().valid().stream().map(Bolt11Examples.Example::invoice).toList();
        return Combinators.combine(Arbitraries.of(valid), Arbitraries.integers().between(0, 6),
                        Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.chars().all(),
                        Arbitraries.integers().between(1, 40))
                .as(Bolt11PropertiesTest::damage);
    }

    /** One kind of damage at one place: overwrite, delete, insert, truncate, swap, flip case, repeat. */
    static String damage(String s, int kind, int where, char c, int span) {
        int i = where % s.length();
        int j = Math.min(s.length(), i + span);
        return switch (kind) {
            case 0 -> s.substring(0, i) + c + s.substring(i + 1);
            case 1 -> s.substring(0, i) + s.substring(j);
            case 2 -> s.substring(0, i) + c + s.substring(i);
            case 3 -> s.substring(0, i);
            case 4 -> j < s.length() ? s.substring(0, i) + s.charAt(j) + s.substring(i + 1, j) + s.charAt(i)
                    + s.substring(j + 1) : s;
            case 5 -> s.substring(0, i) + (Character.isUpperCase(s.charAt(i))
                    ? Character.toLowerCase(s.charAt(i)) : Character.toUpperCase(s.charAt(i))) + s.substring(i + 1);
            default -> s.substring(0, j) + s.substring(i, j) + s.substring(j);
        };
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Arbitraries.oneOf(Arbitraries.of("lnbc", "lntb", "lnbcrt", "lnbc2500u", "lnbc10p", "lnbc1p", "ln"),
                Arbitraries.strings().withChars("lnbcmunpx0123456789").ofMinLength(1).ofMaxLength(12));
    }

    @Provide
    Arbitrary<byte[]> words() {
        return Arbitraries.bytes().between((byte) 0, (byte) 31).array(byte[].class).ofMaxSize(900);
    }

    /** Random fields, often of the types and lengths the reader reads. */
    @Provide
    Arbitrary<List<TaggedField>> fieldLists() {
        Arbitrary<Integer> types = Arbitraries.oneOf(Arbitraries.integers().between(0, 31),
                Arbitraries.of(TaggedField.PAYMENT_HASH, TaggedField.PAYMENT_SECRET, TaggedField.DESCRIPTION,
                        TaggedField.DESCRIPTION_HASH, TaggedField.PAYEE, TaggedField.EXPIRY,
                        TaggedField.MIN_FINAL_CLTV_EXPIRY, TaggedField.FEATURES));
        Arbitrary<Integer> lengths = Arbitraries.oneOf(Arbitraries.integers().between(0, 60), Arbitraries.of(52, 53));
        Arbitrary<TaggedField> field = Combinators.combine(types, lengths, Arbitraries.longs())
                .as((type, length, seed) -> {
                    byte[] w = new byte[length];
                    Random r = new Random(seed);
                    for (int i = 0; i < length; i++) {
                        w[i] = (byte) (r.nextInt(4) == 0 ? 0 : r.nextInt(32));
                    }
                    return new TaggedField(type, w);
                });
        return field.list().ofMaxSize(12);
    }
}

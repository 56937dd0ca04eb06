package org.giggossip.core.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.giggossip.core.crypto.Ecdsa;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.DecodeError;
import org.giggossip.core.wire.DecodeError.Reason;
import org.giggossip.core.wire.Hash32;
import org.junit.jupiter.api.Test;

/**
 * Each check of {@link Bolt11#decode} and {@link Bolt11#sign}, one fault at a
 * time (docs/style.md 5). Faulty invoices are signed properly, so that each reaches the
 * check it is meant for.
 */
class Bolt11DecodingTest {
    static final PrivateKey KEY = PrivateKey.of(Hex.decode("e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734"));
    static final PrivateKey OTHER = PrivateKey.of(Hex.decode("11".repeat(32)));
    static final Instant T = Instant.ofEpochSecond(1_700_000_000L);
    static final TaggedField P = TaggedField.ofBytes(TaggedField.PAYMENT_HASH, filled(32, 1));
    static final TaggedField S = TaggedField.ofBytes(TaggedField.PAYMENT_SECRET, filled(32, 2));
    static final TaggedField D = TaggedField.ofBytes(TaggedField.DESCRIPTION, "taxi".getBytes(StandardCharsets.UTF_8));
    static final TaggedField H = TaggedField.ofBytes(TaggedField.DESCRIPTION_HASH, filled(32, 3));

    static byte[] filled(int size, int value) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** A properly signed invoice with these fields, valid or not. */
    static String signed(String prefix, TaggedField... fields) {
        return Bolt11.signUnchecked(prefix, T, List.of(fields), KEY);
    }

    static DecodeError error(String invoice) {
        return Bolt11.decode(invoice).errorIfAny().orElseThrow(() -> new AssertionError("decoded, expected an error"));
    }

    static void assertRefused(String invoice, Reason reason, String detail) {
        DecodeError e = error(invoice);
        assertThat(e.reason()).as(e.detail()).isEqualTo(reason);
        assertThat(e.detail()).contains(detail);
    }

    /** Bech32 with a valid checksum over words that need not be an invoice. */
    static String rawWords(String prefix, int... words) {
        byte[] w = new byte[words.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (byte) words[i];
        }
        return Bech32.encode(prefix, w);
    }

    static int[] concat(int[] head, byte[] tail) {
        int[] out = Arrays.copyOf(head, head.length + tail.length);
        for (int i = 0; i < tail.length; i++) {
            out[head.length + i] = tail[i];
        }
        return out;
    }

    @Test
    void aMinimalInvoiceDecodes() {
        Bolt11Invoice invoice = Bolt11.decode(signed("lnbcrt", P, S, D)).orElseThrow();
        assertThat(invoice.currency()).isEqualTo("bcrt");
        assertThat(invoice.amountMsat()).isEmpty();
        assertThat(invoice.timestamp()).isEqualTo(T);
        assertThat(invoice.paymentHash()).isEqualTo(Hash32.of(filled(32, 1)));
        assertThat(invoice.features().isEmpty()).isTrue();
        assertThat(invoice.payee()).isEqualTo(Ecdsa.compressedPublicKey(KEY));
        assertThat(invoice.payeeId()).isEqualTo(KEY.publicKey());
        assertThat(invoice.isPayee(OTHER.publicKey())).isFalse();
    }

    // ---- the string and the human-readable part ------------------------------------

    @Test
    void sizeIsCheckedFirst() {
        assertThat(error(null).reason()).isEqualTo(Reason.MISSING_FIELD);
        assertRefused("x".repeat(Bolt11.MAX_LENGTH + 1), Reason.TOO_LARGE, "at most 7089");
        assertRefused("ln" + "q".repeat(Bolt11.MAX_LENGTH - 2), Reason.MALFORMED, "no separator");
    }

    @Test
    void bech32Faults() {
        String good = signed("lnbc", P, S, D);
        assertRefused(good.substring(0, 20) + "b" + good.substring(21), Reason.MALFORMED, "not a data character");
        assertRefused(good.substring(0, 20) + "é" + good.substring(21), Reason.MALFORMED, "not printable ASCII");
        assertRefused(good.substring(0, 20) + " " + good.substring(21), Reason.MALFORMED, "not printable ASCII");
        assertRefused("lnbc1qqqqq", Reason.MALFORMED, "shorter than the checksum");
        assertRefused("1" + good.substring(good.indexOf('1') + 1), Reason.MALFORMED, "empty human-readable part");
        assertThat(Bolt11.decode(good.toUpperCase()).orElseThrow().encoded()).isEqualTo(good);
    }

    @Test
    void prefixAndAmount() {
        assertRefused(signed("bc", P, S, D), Reason.MALFORMED, "does not start with 'ln'");
        assertRefused(signed("ln", P, S, D), Reason.MALFORMED, "no currency prefix");
        assertRefused(signed("ln25m", P, S, D), Reason.MALFORMED, "no currency prefix");
        assertRefused(signed("lnbc25mm", P, S, D), Reason.MALFORMED, "not by one multiplier");
        assertRefused(signed("lnbc2.5m", P, S, D), Reason.MALFORMED, "not by one multiplier");
        assertRefused(signed("lnbc0", P, S, D), Reason.NOT_CANONICAL, "leading zero");
        assertRefused(signed("lnbc025m", P, S, D), Reason.NOT_CANONICAL, "leading zero");
        assertRefused(signed("lnbc21000001", P, S, D), Reason.OUT_OF_RANGE, "21 million");
        assertRefused(signed("lnbc" + "9".repeat(19) + "0p", P, S, D), Reason.OUT_OF_RANGE, "21 million");
        assertRefused(signed("lnbc" + "9".repeat(40) + "m", P, S, D), Reason.OUT_OF_RANGE, "21 million");
        assertRefused(signed("lnbc15p", P, S, D), Reason.INVALID_VALUE, "whole number of millisatoshis");
        assertThat(Bolt11.decode(signed("lnbc21000000", P, S, D)).orElseThrow().amountMsat())
                .hasValue(HumanReadablePart.MAX_MSAT);
        assertThat(Bolt11.decode(signed("lnbc10p", P, S, D)).orElseThrow().amountMsat()).hasValue(1);
        assertThat(Bolt11.decode(signed("lntbs3n", P, S, D)).orElseThrow().amountMsat()).hasValue(300);
    }

    // ---- layout and signature ----------------------------------------------------------

    @Test
    void layout() {
        int[] timestamp = {0, 0, 0, 0, 0, 0, 1};
        byte[] signature = new byte[Bolt11.SIGNATURE_WORDS];
        assertRefused(rawWords("lnbc", Arrays.copyOf(timestamp, 7 + 103)), Reason.BAD_LENGTH, "too short");
        assertRefused(rawWords("lnbc", concat(new int[] {0, 0, 0, 0, 0, 0, 1, 1, 0}, signature)),
                Reason.MALFORMED, "truncated field header");
        assertRefused(rawWords("lnbc", concat(new int[] {0, 0, 0, 0, 0, 0, 1, 1, 0, 1}, signature)),
                Reason.MALFORMED, "runs into the signature");
    }

    @Test
    void signature() {
        byte[] sig = new byte[65];
        sig[64] = 4;
        assertRefused(rawWords("lnbc", concat(new int[] {0, 0, 0, 0, 0, 0, 1}, Bech32.toWords(sig))),
                Reason.INVALID_VALUE, "recovery id 4");
        sig[64] = 0; // r = s = 0: no key
        assertRefused(rawWords("lnbc", concat(new int[] {0, 0, 0, 0, 0, 0, 1}, Bech32.toWords(sig))),
                Reason.INVALID_VALUE, "does not recover");

        TaggedField otherPayee = TaggedField.ofBytes(TaggedField.PAYEE, Ecdsa.compressedPublicKey(OTHER));
        assertRefused(signed("lnbc", P, S, D, otherPayee), Reason.INVALID_VALUE, "does not verify against the n field");
        byte[] notAPoint = filled(33, 0xff);
        notAPoint[0] = 2;
        assertRefused(signed("lnbc", P, S, D, TaggedField.ofBytes(TaggedField.PAYEE, notAPoint)),
                Reason.INVALID_VALUE, "does not verify against the n field");
        TaggedField ownPayee = TaggedField.ofBytes(TaggedField.PAYEE, Ecdsa.compressedPublicKey(KEY));
        assertRefused(signed("lnbc", P, S, D, ownPayee, ownPayee), Reason.INVALID_VALUE, "more than one 'n'");
        assertThat(Bolt11.decode(signed("lnbc", P, S, D, ownPayee)).orElseThrow().payee())
                .isEqualTo(Ecdsa.compressedPublicKey(KEY));
    }

    @Test
    void aChangedInvoiceNamesAnotherPayeeOrNone() {
        // Without n, any signature recovers some key: the payee must be compared with the expected one.
        String good = signed("lnbc", P, S, D);
        Bech32.Parts parts = Bech32.decode(good, Bolt11.MAX_LENGTH).orElseThrow();
        byte[] words = parts.words();
        words[10] ^= 1; // inside the payment hash
        Bolt11Invoice changed = Bolt11.decode(Bech32.encode(parts.hrp(), words)).toOptional().orElse(null);
        if (changed != null) {
            assertThat(changed.payee()).isNotEqualTo(Ecdsa.compressedPublicKey(KEY));
            assertThat(changed.isPayee(KEY.publicKey())).isFalse();
        }
    }

    // ---- fields ------------------------------------------------------------------------------

    @Test
    void requiredFields() {
        assertRefused(signed("lnbc", S, D), Reason.MISSING_FIELD, "no payment hash");
        assertRefused(signed("lnbc", P, D), Reason.MISSING_FIELD, "no payment secret");
        assertRefused(signed("lnbc", P, S), Reason.MISSING_FIELD, "exactly one of a description");
        assertRefused(signed("lnbc", P, S, D, H), Reason.INVALID_VALUE, "exactly one of a description");
        assertRefused(signed("lnbc", TaggedField.of('p', new byte[51]), S, D), Reason.MISSING_FIELD, "no payment hash");
    }

    @Test
    void aReadFieldMayAppearOnce() {
        TaggedField x = new TaggedField(TaggedField.EXPIRY, new byte[] {1});
        TaggedField c = new TaggedField(TaggedField.MIN_FINAL_CLTV_EXPIRY, new byte[] {1});
        TaggedField nine = new TaggedField(TaggedField.FEATURES, new byte[] {2});
        for (TaggedField twice : List.of(P, S, D, H, x, c, nine)) {
            List<TaggedField> fields = List.of(P, S, twice == H ? H : D, twice, twice);
            assertRefused(Bolt11.signUnchecked("lnbc", T, fields, KEY), Reason.INVALID_VALUE,
                    "more than one '" + twice.tag() + "'");
        }
        TaggedField otherHash = TaggedField.ofBytes(TaggedField.PAYMENT_HASH, filled(32, 9));
        assertRefused(signed("lnbc", P, S, D, otherHash), Reason.INVALID_VALUE, "more than one 'p'");
    }

    @Test
    void description() {
        assertRefused(signed("lnbc", P, S, TaggedField.ofBytes(TaggedField.DESCRIPTION, new byte[] {(byte) 0xc3, 0x28})),
                Reason.INVALID_VALUE, "not valid UTF-8");
        TaggedField empty = new TaggedField(TaggedField.DESCRIPTION, new byte[0]);
        assertThat(Bolt11.decode(signed("lnbc", P, S, empty)).orElseThrow().description()).hasValue("");
    }

    @Test
    void numbers() {
        byte[] thirteen = filled(13, 1);
        assertRefused(signed("lnbc", P, S, D, new TaggedField(TaggedField.EXPIRY, thirteen)),
                Reason.OUT_OF_RANGE, "expiry has more than 60 bits");
        byte[] padded = new byte[40];
        padded[39] = 7;
        Bolt11Invoice leadingZeros = Bolt11.decode(signed("lnbc", P, S, D,
                new TaggedField(TaggedField.EXPIRY, padded))).orElseThrow();
        assertThat(leadingZeros.expiry()).isEqualTo(Duration.ofSeconds(7));
        Bolt11Invoice empty = Bolt11.decode(signed("lnbc", P, S, D,
                new TaggedField(TaggedField.EXPIRY, new byte[0]))).orElseThrow();
        assertThat(empty.expiry()).isZero();
        assertThat(empty.isExpired(T)).isTrue();

        Bolt11Invoice forever = Bolt11.decode(signed("lnbc", P, S, D,
                new TaggedField(TaggedField.EXPIRY, filled(12, 31)))).orElseThrow();
        assertThat(forever.expiry()).isEqualTo(Duration.ofSeconds((1L << 60) - 1));
        assertThat(forever.expiresAt()).isEqualTo(Instant.MAX);
        assertThat(forever.isExpired(Instant.parse("9999-12-31T23:59:59Z"))).isFalse();

        assertRefused(signed("lnbc", P, S, D, new TaggedField(TaggedField.MIN_FINAL_CLTV_EXPIRY, FieldReader.numberWords(1L << 31))),
                Reason.OUT_OF_RANGE, "min_final_cltv_expiry");
        assertThat(Bolt11.decode(signed("lnbc", P, S, D, new TaggedField(TaggedField.MIN_FINAL_CLTV_EXPIRY,
                FieldReader.numberWords(Integer.MAX_VALUE)))).orElseThrow().minFinalCltvExpiry()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void features() {
        // LND's AMP (30/31) is not a BOLT 9 invoice feature: required, it fails; optional, it is ignored
        assertRefused(signed("lnbc", P, S, D, new TaggedField(TaggedField.FEATURES, FieldReader.featureWords(
                Bolt11GoldenTest.bits(8, 14, 30)))), Reason.UNSUPPORTED_VERSION, "unknown feature bit 30");
        for (int known : new int[] {8, 14, 16, 24, 48}) {
            assertThat(Bolt11.decode(signed("lnbc", P, S, D, new TaggedField(TaggedField.FEATURES,
                    FieldReader.featureWords(Bolt11GoldenTest.bits(known, 31))))).isOk()).as("bit %d", known).isTrue();
        }
        byte[] widest = new byte[TaggedField.MAX_WORDS];
        widest[0] = 8; // bit 5 * 1022 + 3 = 5113, odd
        Bolt11Invoice wide = Bolt11.decode(signed("lnbc", P, S, D, new TaggedField(TaggedField.FEATURES, widest)))
                .orElseThrow();
        assertThat(wide.features().stream().toArray()).containsExactly(5113);
        widest[0] = 16; // bit 5114, even and unknown
        assertRefused(signed("lnbc", P, S, D, new TaggedField(TaggedField.FEATURES, widest)),
                Reason.UNSUPPORTED_VERSION, "unknown feature bit 5114");
    }

    // ---- the writer's checks ------------------------------------------------------------

    static Bolt11Builder minimal() {
        return Bolt11Invoice.builder("bc").timestamp(T).paymentHash(Hash32.of(filled(32, 1)))
                .paymentSecret(filled(32, 2)).description("taxi");
    }

    @Test
    void signRefusesWhatDecodeWouldRefuse() {
        assertThatThrownBy(() -> Bolt11.sign(Bolt11Invoice.builder("bc").paymentHash(Hash32.of(filled(32, 1))), KEY))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> Bolt11.sign(Bolt11Invoice.builder("bc").timestamp(T).description("x"), KEY))
                .hasMessageContaining("no payment hash");
        assertThatThrownBy(() -> Bolt11.sign(minimal().descriptionHash(Hash32.of(filled(32, 3))), KEY))
                .hasMessageContaining("exactly one of a description");
        assertThatThrownBy(() -> Bolt11.sign(minimal().features(8, 14, 100), KEY))
                .hasMessageContaining("unknown feature bit 100");
        assertThatThrownBy(() -> Bolt11.sign(minimal().payee(Ecdsa.compressedPublicKey(OTHER)), KEY))
                .hasMessageContaining("not the signing key");
        Bolt11Builder huge = minimal();
        for (int i = 0; i < 10; i++) {
            huge.field(new TaggedField(31, new byte[TaggedField.MAX_WORDS]));
        }
        assertThatThrownBy(() -> Bolt11.sign(huge, KEY)).hasMessageContaining("longer than 7089");
    }

    @Test
    void builderRefusesValuesNoInvoiceCarries() {
        assertThatThrownBy(() -> Bolt11Invoice.builder("BC")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bolt11Invoice.builder("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bolt11Invoice.builder("b1")).isInstanceOf(IllegalArgumentException.class);
        Bolt11Builder b = Bolt11Invoice.builder("bc");
        assertThatThrownBy(() -> b.amountMsat(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.amountMsat(HumanReadablePart.MAX_MSAT + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.timestamp(Instant.ofEpochSecond(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.timestamp(Instant.ofEpochSecond(1L << 35))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.expiry(Duration.ofMillis(1500))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.expiry(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.minFinalCltvExpiry(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.paymentSecret(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.payee(new byte[32])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.description("é".repeat(320))).hasMessageContaining("at most 639");
        assertThatThrownBy(() -> b.features(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TaggedField(32, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TaggedField(1, new byte[] {32})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TaggedField(1, new byte[1024])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builderEdges() {
        Bolt11Invoice longest = Bolt11.decode(Bolt11.encode(Bolt11Invoice.builder("bc").timestamp(T)
                .paymentHash(Hash32.of(filled(32, 1))).paymentSecret(filled(32, 2))
                .description("é".repeat(319) + "a"), KEY)).orElseThrow();
        assertThat(longest.description().orElseThrow()).hasSize(320);
        Bolt11Invoice truncated = Bolt11.sign(minimal().timestamp(T.plusMillis(999)), KEY);
        assertThat(truncated.timestamp()).isEqualTo(T);
        Bolt11Invoice withN = Bolt11.sign(minimal().payee(Ecdsa.compressedPublicKey(KEY)).features(), KEY);
        assertThat(withN.fields()).extracting(TaggedField::tag).containsExactly('p', 's', 'd', 'n'); // no 9 field
        assertThat(Bolt11.decode(withN.encoded()).orElseThrow()).isEqualTo(withN);
    }
}

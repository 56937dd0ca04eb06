package org.giggossip.core.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.giggossip.core.crypto.Ecdsa;
import org.giggossip.core.crypto.Sha256;
import org.giggossip.core.invoice.Bolt11Examples.Example;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.DecodeError;
import org.giggossip.core.wire.DecodeError.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example of BOLT 11, read from the shared file as it is: each valid one
 * decodes, its signature, recovery flag, signed bytes and digest are the ones its
 * breakdown states, and signing it again with the examples' key gives the same
 * string; each invalid one is refused for the stated reason. The stated fields
 * of each example are checked one by one in {@link Bolt11GoldenTest}.
 *
 * <p>Exact re-encoding holds for every valid example but two, for reasons of the
 * examples, not of field order:
 * <ul>
 *   <li>"Same, but all upper case." is upper case; this writer writes lower case
 *       (BOLT 11 lets a writer choose; upper case is for QR codes), so it is
 *       reproduced case-insensitively;</li>
 *   <li>"Public-key recovery with high-S signature" carries the high-S twin of
 *       the first example's signature, which no RFC 6979 signer with low-S
 *       normalisation produces: re-signing it gives the first example exactly,
 *       and its S is the group order minus that example's S.</li>
 * </ul>
 */
class Bolt11VectorsTest {
    static final String DONATION =
            "Please make a donation of any amount using payment_hash "
                    + "0001020304050607080900010203040506070809000102030405060708090102 to me "
                    + "@03e7156ae33b0a208d0744199163177e909e80176e55d97a2f221ede0f934dd9ad";
    static final String UPPER_CASE = "Same, but all upper case.";
    static final String HIGH_S = "Public-key recovery with high-S signature";
    /** The payee of every example: the compressed key of the examples' private key. */
    static final String PAYEE = "03e7156ae33b0a208d0744199163177e909e80176e55d97a2f221ede0f934dd9ad";
    /** secp256k1's group order n. */
    static final java.math.BigInteger ORDER =
            new java.math.BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

    /** The reason each invalid example is refused, and a word of its detail. */
    static final Map<String, Rejection> REJECTIONS = Map.of(
            "Same, but adding invalid unknown feature 100", new Rejection(Reason.UNSUPPORTED_VERSION, "unknown feature bit 100"),
            "Bech32 checksum is invalid.", new Rejection(Reason.MALFORMED, "bad checksum"),
            "Malformed bech32 string (no 1)", new Rejection(Reason.MALFORMED, "no separator"),
            "Malformed bech32 string (mixed case)", new Rejection(Reason.MALFORMED, "mixed upper and lower case"),
            "Signature is not recoverable.", new Rejection(Reason.INVALID_VALUE, "does not recover a public key"),
            "String is too short.", new Rejection(Reason.BAD_LENGTH, "too short"),
            "Invalid multiplier", new Rejection(Reason.MALFORMED, "invalid multiplier 'x'"),
            "Invalid sub-millisatoshi precision.", new Rejection(Reason.INVALID_VALUE, "not a whole number of millisatoshis"),
            "Missing required `s` field.", new Rejection(Reason.MISSING_FIELD, "no payment secret"),
            "Non canonical signature (high-S) with 'n' field defined", new Rejection(Reason.INVALID_VALUE, "low-S"));

    record Rejection(Reason reason, String detail) {}

    static Stream<Example> valid() {
        return Bolt11Examples.load().valid().stream();
    }

    static Stream<Example> invalid() {
        return Bolt11Examples.load().invalid().stream();
    }

    @Test
    void theFileHoldsSixteenValidAndTenInvalidExamples() {
        Bolt11Examples.File file = Bolt11Examples.load();
        assertThat(file.valid()).hasSize(16);
        assertThat(file.invalid()).hasSize(10);
        assertThat(file.invalid()).extracting(Example::title).containsExactlyInAnyOrderElementsOf(REJECTIONS.keySet());
        assertThat(Ecdsa.compressedPublicKey(file.key())).isEqualTo(Hex.decode(PAYEE));
        assertThat(file.paymentSecret()).isEqualTo(Hex.decode("11".repeat(32)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validExampleDecodesWithTheStatedSignature(Example example) {
        Bolt11Invoice invoice = Bolt11.decode(example.invoice()).orElseThrow();

        assertThat(invoice.payee()).as("payee, recovered from the signature").isEqualTo(Hex.decode(PAYEE));
        assertThat(invoice.encoded()).isEqualTo(example.invoice().toLowerCase(Locale.ROOT));
        assertThat(invoice.fields()).extracting(TaggedField::type).contains(TaggedField.PAYMENT_HASH);
        example.signatureHex().ifPresent(sig -> assertThat(Hex.encode(invoice.signature())).isEqualTo(sig));
        example.recoveryFlag().ifPresent(flag -> assertThat(invoice.recoveryId()).isEqualTo(flag));
        example.signedDataHex().ifPresent(data -> assertThat(Hex.encode(invoice.signedData())).isEqualTo(data));
        example.digestHex().ifPresent(d -> assertThat(Hex.encode(Sha256.hash(invoice.signedData()))).isEqualTo(d));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validExampleSignedAgainIsTheSameString(Example example) {
        Bolt11Examples.File file = Bolt11Examples.load();
        Bolt11Invoice decoded = Bolt11.decode(example.invoice()).orElseThrow();

        Bolt11Invoice again = Bolt11.sign(decoded.toBuilder(), file.key());

        assertThat(Bolt11.decode(again.encoded()).orElseThrow()).isEqualTo(again);
        switch (example.title()) {
            case HIGH_S -> {
                assertThat(again.encoded()).isEqualTo(file.example(DONATION).invoice());
                assertThat(Ecdsa.isLowS(decoded.signature())).isFalse();
                assertThat(s(again.signature())).isEqualTo(ORDER.subtract(s(decoded.signature())));
                assertThat(again.fields()).isEqualTo(decoded.fields());
            }
            case UPPER_CASE -> assertThat(again.encoded()).isEqualToIgnoringCase(example.invoice())
                    .isEqualTo(example.invoice().toLowerCase(Locale.ROOT));
            default -> {
                assertThat(again.encoded()).isEqualTo(example.invoice());
                assertThat(again).isEqualTo(decoded);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidExampleIsRefusedWithItsReason(Example example) {
        Rejection expected = REJECTIONS.get(example.title());

        DecodeError error = Bolt11.decode(example.invoice()).errorIfAny()
                .orElseThrow(() -> new AssertionError("decoded an invalid example"));

        assertThat(error.reason()).as(error.detail()).isEqualTo(expected.reason());
        assertThat(error.detail()).contains(expected.detail());
    }

    private static java.math.BigInteger s(byte[] signature) {
        return new java.math.BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64));
    }
}

package org.giggossip.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.giggossip.core.crypto.Bip340Reference.Revision;
import org.giggossip.core.testing.TestVectors;
import org.giggossip.core.util.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BIP 340 test vectors of the 2020 draft, from the project's unedited copy
 * {@code core/src/test/resources/vectors/bip340-test-vectors.csv}, and production
 * Schnorr signatures (native libsecp256k1) checked against a BigInteger model.
 *
 * <p><b>Finding: this file holds the 2020 draft of BIP 340, not the final
 * text.</b> Its 15 rows are the vectors of the draft in which (a) the tagged
 * hashes were tagged {@code "BIP340/aux"}, {@code "BIP340/nonce"} and
 * {@code "BIP340/challenge"} (final: {@code "BIP0340/..."}), and (b) the nonce
 * point R had to have a <em>square</em> Y coordinate (final: an even Y; public
 * keys had even Y in both). Every row is reproduced exactly by
 * {@link Bip340Reference} under {@link Revision#DRAFT_2020}. Production follows
 * final BIP 340 (Bitcoin Taproot, Nostr), and the protocol keeps it; so:
 * <ul>
 *   <li>production must still reject every row the file marks invalid, and must
 *       agree with the final-revision model on every row;
 *   <li>for the rows with a secret key, production's signature equals the
 *       final-revision model's and differs from the file's, which proves the file
 *       is the draft, not a production bug;
 *   <li>the final model is anchored to the published final vectors 0 and 1, and
 *       to production on random keys, messages and aux_rand (a jqwik property).
 * </ul>
 * The final vector set is checked on its own, from its own file, by
 * {@link Bip340FinalVectorsTest}.
 */
class Bip340VectorsTest {

    static final String VECTORS = "bip340-test-vectors.csv";
    static final String HEADER =
            "index,secret key,public key,aux_rand,message,signature,verification result,comment";

    /** One CSV row; its {@code toString} names the parameterized test case. */
    record Row(int index, Optional<byte[]> secretKey, byte[] publicKey, Optional<byte[]> auxRand,
               byte[] message, byte[] signature, boolean valid, String comment) {
        @Override
        public String toString() {
            return "row " + index + " (" + (valid ? "TRUE" : "FALSE") + ")" + (comment.isEmpty() ? "" : ": " + comment);
        }
    }

    // ---- the rows as the 2020 draft reads them ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void draftReferenceReproducesEveryRow(Row row) {
        if (row.secretKey().isPresent()) {
            byte[] sk = row.secretKey().get();
            assertThat(Bip340Reference.publicKey(sk)).as("public key of the secret key").isEqualTo(row.publicKey());
            assertThat(Bip340Reference.sign(Revision.DRAFT_2020, sk, row.message(), row.auxRand().orElseThrow()))
                    .as("draft-2020 signature with the row's aux_rand")
                    .hasValueSatisfying(sig -> assertThat(sig).isEqualTo(row.signature()));
        }
        assertThat(Bip340Reference.verify(Revision.DRAFT_2020, row.publicKey(), row.message(), row.signature()))
                .as("draft-2020 verification result")
                .isEqualTo(row.valid());
    }

    // ---- production (final BIP 340) against the rows ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRows")
    void productionRejectsEveryInvalidRow(Row row) {
        AtomicBoolean accepted = new AtomicBoolean(true);
        assertThatCode(() -> accepted.set(Schnorr.verify(row.publicKey(), row.message(), row.signature())))
                .doesNotThrowAnyException();
        assertThat(accepted).as("production accepted a signature the file marks invalid").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void productionVerifiesEveryRowLikeTheFinalReference(Row row) {
        boolean production = Schnorr.verify(row.publicKey(), row.message(), row.signature());
        assertThat(production)
                .as("production vs final-BIP340 reference")
                .isEqualTo(Bip340Reference.verify(Revision.FINAL, row.publicKey(), row.message(), row.signature()));
        if (row.valid()) {
            assertThat(production).as("a draft-only signature (square-Y R, BIP340/ tags) is not final BIP 340").isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signingRows")
    void productionSignsFinalBip340AndNotTheFileSignature(Row row) {
        PrivateKey key = PrivateKey.of(row.secretKey().orElseThrow());
        assertThat(key.publicKey().bytes()).as("production public key").isEqualTo(row.publicKey());

        byte[] production = Schnorr.sign(key, row.message(), row.auxRand().orElseThrow());

        byte[] finalReference = Bip340Reference.sign(
                Revision.FINAL, row.secretKey().get(), row.message(), row.auxRand().get()).orElseThrow();
        assertThat(production).as("production vs final-BIP340 reference").isEqualTo(finalReference);
        assertThat(Schnorr.verify(row.publicKey(), row.message(), production)).as("production verifies its own").isTrue();
        assertThat(production).as("the file's signature is the 2020 draft's, not final BIP 340's")
                .isNotEqualTo(row.signature());
    }

    // ---- the final model anchored to the published final vectors ----

    @Test
    void finalReferenceAndProductionReproducePublishedFinalVectors() {
        // BIP 340 (final) test-vectors.csv, rows 0 and 1.
        assertFinalVector("0000000000000000000000000000000000000000000000000000000000000003",
                "F9308A019258C31049344F85F89D5229B531C845836F99B08601F113BCE036F9",
                "0000000000000000000000000000000000000000000000000000000000000000",
                "0000000000000000000000000000000000000000000000000000000000000000",
                "E907831F80848D1069A5371B402410364BDF1C5F8307B0084C55F1CE2DCA8215"
                        + "25F66A4A85EA8B71E482A74F382D2CE5EBEEE8FDB2172F477DF4900D310536C0");
        assertFinalVector("B7E151628AED2A6ABF7158809CF4F3C762E7160F38B4DA56A784D9045190CFEF",
                "DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659",
                "0000000000000000000000000000000000000000000000000000000000000001",
                "243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89",
                "6896BD60EEAE296DB48A229FF71DFE071BDE413E6D43F917DC8DCF8C78DE3341"
                        + "8906D11AC976ABCCB20B091292BFF4EA897EFCB639EA871CFA95F6DE339E4B0A");
    }

    private static void assertFinalVector(String sk, String pk, String aux, String msg, String sig) {
        byte[] expected = Hex.decode(sig);
        assertThat(Bip340Reference.publicKey(Hex.decode(sk))).isEqualTo(Hex.decode(pk));
        assertThat(Bip340Reference.sign(Revision.FINAL, Hex.decode(sk), Hex.decode(msg), Hex.decode(aux)))
                .hasValueSatisfying(s -> assertThat(s).isEqualTo(expected));
        assertThat(Bip340Reference.verify(Revision.FINAL, Hex.decode(pk), Hex.decode(msg), expected)).isTrue();
        assertThat(Bip340Reference.verify(Revision.DRAFT_2020, Hex.decode(pk), Hex.decode(msg), expected)).isFalse();
        assertThat(Schnorr.sign(PrivateKey.of(Hex.decode(sk)), Hex.decode(msg), Hex.decode(aux))).isEqualTo(expected);
    }

    // ---- production against the final model on random input ----

    @Property(tries = 200)
    void productionAgreesWithFinalReference(
            @ForAll("secretKeys") byte[] sk,
            @ForAll("bytes32") byte[] message,
            @ForAll("bytes32") byte[] aux,
            @ForAll @IntRange(min = 0, max = 511) int flippedBit) {
        PrivateKey key = PrivateKey.of(sk);
        byte[] pub = key.publicKey().bytes();
        byte[] production = Schnorr.sign(key, message, aux);
        assertThat(production).isEqualTo(Bip340Reference.sign(Revision.FINAL, sk, message, aux).orElseThrow());
        assertThat(Schnorr.verify(pub, message, production)).isTrue();
        assertThat(Bip340Reference.verify(Revision.FINAL, pub, message, production)).isTrue();

        byte[] mutated = production.clone();
        mutated[flippedBit / 8] ^= (byte) (1 << (flippedBit % 8));
        boolean productionOnMutated = Schnorr.verify(pub, message, mutated);
        assertThat(productionOnMutated)
                .isEqualTo(Bip340Reference.verify(Revision.FINAL, pub, message, mutated))
                .isFalse();
    }

    @Provide
    Arbitrary<byte[]> secretKeys() {
        return Arbitraries.bigIntegers()
                .between(BigInteger.ONE, Bip340Reference.N.subtract(BigInteger.ONE))
                .map(Bip340Reference::toBytes);
    }

    @Provide
    Arbitrary<byte[]> bytes32() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32);
    }

    // ---- reading the file ----

    static Stream<Row> rows() {
        return readRows().stream();
    }

    static Stream<Row> invalidRows() {
        return readRows().stream().filter(r -> !r.valid());
    }

    static Stream<Row> signingRows() {
        return readRows().stream().filter(r -> r.secretKey().isPresent());
    }

    static List<Row> readRows() {
        return readRows(VECTORS);
    }

    /** The rows of a vector file in BIP 340's CSV layout (the draft's and the final one's are alike). */
    static List<Row> readRows(String file) {
        List<String> lines = TestVectors.lines(file);
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw new IllegalStateException(file + ": unexpected header, expected '" + HEADER + "'");
        }
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.strip().split(",", 8);
            if (f.length != 8) {
                throw new IllegalStateException(file + ": expected 8 columns in '" + line + "'");
            }
            rows.add(new Row(
                    Integer.parseInt(f[0]),
                    optionalHex(f[1]),
                    Hex.decode(f[2]),
                    optionalHex(f[3]),
                    Hex.decode(f[4]),
                    Hex.decode(f[5]),
                    switch (f[6]) {
                        case "TRUE" -> true;
                        case "FALSE" -> false;
                        default -> throw new IllegalStateException(file + ": bad verification result " + f[6]);
                    },
                    f[7].replaceAll("^\"|\"$", "")));
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException(file + ": no rows");
        }
        return rows;
    }

    private static Optional<byte[]> optionalHex(String field) {
        return field.isEmpty() ? Optional.empty() : Optional.of(Hex.decode(field));
    }
}

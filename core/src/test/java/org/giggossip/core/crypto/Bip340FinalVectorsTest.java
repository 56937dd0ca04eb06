package org.giggossip.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.giggossip.core.crypto.Bip340Reference.Revision;
import org.giggossip.core.crypto.Bip340VectorsTest.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Production Schnorr signatures (native libsecp256k1) against the final BIP 340
 * test vectors, from the project's unedited copy
 * {@code core/src/test/resources/vectors/bip340-final-test-vectors.csv} (origin in
 * the README there): every signing row is reproduced byte for byte, and every row
 * verifies or is rejected exactly as the file says.
 *
 * <p>The file holds rows 0 to 14, whose messages are 32 bytes, the only size the
 * protocol signs ({@link Schnorr#MESSAGE_SIZE}).
 */
class Bip340FinalVectorsTest {

    static final String VECTORS = "bip340-final-test-vectors.csv";

    static Stream<Row> rows() {
        return Bip340VectorsTest.readRows(VECTORS).stream();
    }

    static Stream<Row> signingRows() {
        return rows().filter(r -> r.secretKey().isPresent());
    }

    @Test
    void theFileHoldsRowsZeroToFourteenInOrder() {
        List<Row> rows = rows().toList();
        assertThat(rows).extracting(Row::index).containsExactlyElementsOf(IntStream.range(0, 15).boxed().toList());
        assertThat(rows).filteredOn(Row::valid).hasSize(5);
        assertThat(rows).filteredOn(r -> r.secretKey().isPresent()).hasSize(4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signingRows")
    void productionSignsEverySigningRowExactly(Row row) {
        PrivateKey key = PrivateKey.of(row.secretKey().orElseThrow());
        assertThat(key.publicKey().bytes()).as("public key of the secret key").isEqualTo(row.publicKey());
        assertThat(Schnorr.sign(key, row.message(), row.auxRand().orElseThrow()))
                .as("signature with the row's aux_rand").isEqualTo(row.signature());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void productionVerifiesEveryRowAsTheFileSays(Row row) {
        AtomicBoolean accepted = new AtomicBoolean(!row.valid());
        assertThatCode(() -> accepted.set(Schnorr.verify(row.publicKey(), row.message(), row.signature())))
                .doesNotThrowAnyException();
        assertThat(accepted.get()).as("verification result").isEqualTo(row.valid());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void finalReferenceModelAgreesWithEveryRow(Row row) {
        assertThat(Bip340Reference.verify(Revision.FINAL, row.publicKey(), row.message(), row.signature()))
                .isEqualTo(row.valid());
        assertThat(Bip340Reference.verify(Revision.DRAFT_2020, row.publicKey(), row.message(), row.signature()))
                .as("no valid final signature is a valid draft one").isFalse();
        row.secretKey().ifPresent(sk -> assertThat(
                Bip340Reference.sign(Revision.FINAL, sk, row.message(), row.auxRand().orElseThrow()))
                .hasValueSatisfying(sig -> assertThat(sig).isEqualTo(row.signature())));
    }
}

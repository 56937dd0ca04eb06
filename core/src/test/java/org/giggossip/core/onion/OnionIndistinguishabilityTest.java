package org.giggossip.core.onion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.giggossip.core.onion.OnionFormat.HEADER_SIZE;
import static org.giggossip.core.onion.OnionFormat.SLOT_SIZE;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.giggossip.core.testing.TestRandom;
import org.junit.jupiter.api.Test;

/**
 * A crude statistical check that a middleman cannot tell its depth from the
 * onion: onions one hop and ten hops from the customer have the same length, and
 * the bytes of every region (header, each slot) look uniform at both depths and
 * alike between them, both as they travel and as the middleman sees them after
 * decrypting its own layer (the inner onion, whose header and slots it cannot
 * open). Chi-square with 255 degrees of freedom: mean 255, standard
 * deviation 22.6; the bound of 370 is five deviations up. The randoms are
 * seeded, so the test is deterministic.
 */
class OnionIndistinguishabilityTest {
    private static final BackwardOnion ONIONS = BackwardOnion.DEFAULT;
    private static final int SAMPLES = 64;
    private static final double BOUND = 370;

    private final List<byte[]> depth1 = onionsAtDepth(1);
    private final List<byte[]> depth10 = onionsAtDepth(10);
    private final List<byte[]> opened1 = openedByTheirRecipient(depth1, 1);
    private final List<byte[]> opened10 = openedByTheirRecipient(depth10, 10);

    @Test
    void onionsAtDepthOneAndTenHaveTheSameLength() {
        assertThat(depth1).allSatisfy(o -> assertThat(o).hasSize(2608));
        assertThat(depth10).allSatisfy(o -> assertThat(o).hasSize(2608));
    }

    @Test
    void everyRegionLooksUniformAtBothDepths() {
        assertUniform(depth1, "depth 1");
        assertUniform(depth10, "depth 10");
        assertUniform(opened1, "depth 1 opened");
        assertUniform(opened10, "depth 10 opened");
    }

    @Test
    void everyRegionLooksAlikeAtBothDepths() {
        assertAlike(depth1, depth10, "as sent");
        assertAlike(opened1, opened10, "opened");
    }

    private static void assertUniform(List<byte[]> onions, String what) {
        for (int region = -1; region < ONIONS.format().maxHops(); region++) {
            assertThat(chiSquareUniform(histogram(onions, region))).as("%s, region %d", what, region).isLessThan(BOUND);
        }
    }

    private static void assertAlike(List<byte[]> first, List<byte[]> second, String what) {
        for (int region = -1; region < ONIONS.format().maxHops(); region++) {
            long[] a = histogram(first, region);
            long[] b = histogram(second, region);
            double chi = 0;
            for (int v = 0; v < 256; v++) {
                if (a[v] + b[v] > 0) {
                    chi += (double) (a[v] - b[v]) * (a[v] - b[v]) / (a[v] + b[v]);
                }
            }
            assertThat(chi).as("%s, region %d", what, region).isLessThan(BOUND);
        }
    }

    /** The onions a middleman {@code depth} hops from the customer receives, one per seed. */
    private static List<byte[]> onionsAtDepth(int depth) {
        OnionRoute route = OnionRoute.ofHops(depth, 60);
        List<byte[]> onions = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            onions.add(route.broadcast(ONIONS, TestRandom.seeded(1000L * depth + i)).getLast());
        }
        return onions;
    }

    /** What the recipient of each onion sees under its layer: the inner onion a peel gives. */
    private static List<byte[]> openedByTheirRecipient(List<byte[]> onions, int depth) {
        OnionRoute route = OnionRoute.ofHops(depth, 60);
        SecureRandom random = TestRandom.seeded(depth);
        return onions.stream()
                .map(o -> ((Peeled.Forward) ONIONS.peel(o, route.replier(), random)).innerOnion())
                .toList();
    }

    /** Byte-value counts over region {@code region} (-1: the header; else that slot) of all onions. */
    private static long[] histogram(List<byte[]> onions, int region) {
        int from = region < 0 ? 0 : HEADER_SIZE + region * SLOT_SIZE;
        int to = region < 0 ? HEADER_SIZE : from + SLOT_SIZE;
        long[] counts = new long[256];
        for (byte[] onion : onions) {
            for (int i = from; i < to; i++) {
                counts[onion[i] & 0xff]++;
            }
        }
        return counts;
    }

    private static double chiSquareUniform(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double expected = total / 256.0;
        double chi = 0;
        for (long c : counts) {
            chi += (c - expected) * (c - expected) / expected;
        }
        return chi;
    }
}

package org.giggossip.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.giggossip.core.wire.Decoded;

/**
 * Decoding untrusted service messages never throws (docs/style.md 13): random bytes,
 * and valid encodings of every kind damaged by one to three mutations, decode to
 * an error with a reason or to a value that survives another round trip.
 */
class ServiceCodecPropertiesTest {

    @Provide
    Arbitrary<byte[]> hostile() {
        Arbitrary<byte[]> valid = Arbitraries.of(ServiceFixtures.all()).map(ServiceCodec::encode);
        Arbitrary<byte[]> mutated = Combinators.combine(valid, Arbitraries.integers().between(1, 3),
                Arbitraries.longs()).as((bytes, n, seed) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    byte[] b = bytes;
                    for (int i = 0; i < n; i++) {
                        b = mutate(b, random);
                    }
                    return b;
                });
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(512);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, random), net.jqwik.api.Tuple.of(4, mutated));
    }

    @Property(tries = 10_000)
    void decodingNeverThrows(@ForAll("hostile") byte[] input) {
        Decoded<ServiceMessage> result = ServiceCodec.decode(input);
        switch (result) {
            case Decoded.Ok<ServiceMessage> ok -> {
                byte[] again = ServiceCodec.encode(ok.value());
                assertThat(ServiceCodec.decode(again).orElseThrow()).usingRecursiveComparison().isEqualTo(ok.value());
            }
            case Decoded.Err<ServiceMessage> err -> assertThat(err.error().detail()).isNotEmpty();
        }
    }

    static byte[] mutate(byte[] b, SplittableRandom random) {
        int n = b.length;
        switch (random.nextInt(5)) {
            case 0 -> {
                if (n == 0) {
                    return b;
                }
                byte[] c = b.clone();
                c[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
                return c;
            }
            case 1 -> {
                return Arrays.copyOf(b, n == 0 ? 0 : random.nextInt(n));
            }
            case 2 -> {
                byte[] c = Arrays.copyOf(b, n + 1 + random.nextInt(16));
                for (int i = n; i < c.length; i++) {
                    c[i] = (byte) random.nextInt(256);
                }
                return c;
            }
            case 3 -> {
                int at = random.nextInt(n + 1);
                byte[] c = new byte[n + 1];
                System.arraycopy(b, 0, c, 0, at);
                c[at] = (byte) random.nextInt(256);
                System.arraycopy(b, at, c, at + 1, n - at);
                return c;
            }
            default -> {
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

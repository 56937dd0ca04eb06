package org.giggossip.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code gg demo} end to end over real TCP on 127.0.0.1, and its graph. */
class DemoTest {

    @Test
    void aRideIsPostedOfferedPaidOpenedAndSettledOverTcp() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Demo demo = new Demo(new Demo.Options(7, 2, 3, 5, 1 << 10, 1 << 10, Duration.ofSeconds(25)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        DemoReport report = demo.run();
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(report.failure()).as(out).isEmpty();
        assertThat(report.ok()).isTrue();
        assertThat(report.transport()).isEqualTo("tcp");
        // two drivers, each answering the ride over up to two routes (replies_per_topic 2); how many copies
        // reach a driver depends on which neighbour relays to it first, a race over TCP
        assertThat(report.offers()).isBetween(2, 4);
        assertThat(report.chosenPriceSat()).isBetween(12_000L, 18_000L);
        assertThat(report.networkFeeSat()).isPositive();
        // every invoice of the chosen route settled, one per hop plus the settler's
        var chosen = demo.timeline().chosenNetworkHash().orElseThrow();
        assertThat(demo.timeline().states(chosen)).hasSizeGreaterThanOrEqualTo(2).containsOnly("SETTLED");
        assertThat(out).contains("driver's message to the customer").contains("white Toyota Prius")
                .contains("proof of work for the next hop").contains("ACCEPTED").contains("SETTLED");
        assertThat(report.toJson()).contains("\"paid\": true", "\"reply_opened\": true", "\"settled\": true",
                "\"money_conserved\": true", "\"transport\": \"tcp\"");
    }

    @Test
    void theGraphIsConnectedWithoutSelfLoopsOrDuplicates() {
        for (long seed = 0; seed < 50; seed++) {
            int n = 3 + (int) (seed % 40);
            Set<Long> edges = Demo.graph(n, 3, new SplittableRandom(seed));
            List<List<Integer>> adj = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                adj.add(new ArrayList<>());
            }
            Set<Long> undirected = new java.util.HashSet<>();
            for (long e : edges) {
                int a = (int) (e >>> 32);
                int b = (int) e;
                assertThat(a).isNotEqualTo(b);
                assertThat(undirected.add(Math.min(a, b) * 1000L + Math.max(a, b))).isTrue();
                adj.get(a).add(b);
                adj.get(b).add(a);
            }
            boolean[] seen = new boolean[n];
            java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>(List.of(0));
            seen[0] = true;
            int reached = 1;
            while (!queue.isEmpty()) {
                for (int m : adj.get(queue.poll())) {
                    if (!seen[m]) {
                        seen[m] = true;
                        reached++;
                        queue.add(m);
                    }
                }
            }
            assertThat(reached).as("seed %d, %d nodes", seed, n).isEqualTo(n);
        }
    }

    @Test
    void optionsOutOfRangeAreRefusedWithTheRange() {
        assertThatThrownBy(() -> new Demo.Options(2, 1, 2, 1, 1, 1, Duration.ofSeconds(1)))
                .hasMessageContaining("--nodes must be 3..200");
        assertThatThrownBy(() -> new Demo.Options(5, 4, 2, 1, 1, 1, Duration.ofSeconds(1)))
                .hasMessageContaining("--drivers must be 1..3");
    }
}

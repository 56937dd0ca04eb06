package org.giggossip.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability rule of {@link NodeStore} under SIGKILL: a child process writes and reports each
 * write after it returned; it is killed at an arbitrary moment, and every reported write is found
 * when the file is opened again.
 */
class NodeStoreKillTest {
    @TempDir
    Path dir;

    @Test
    void everyReturnedWriteSurvivesAKill() throws Exception {
        Path db = dir.resolve("node.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), StoreWriterMain.class.getName(), db.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String[]> committed = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while (committed.size() < 40 && (line = out.readLine()) != null) {
                committed.add(line.split(" "));
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no checkpoint
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(committed).hasSize(40);

        try (NodeStore store = NodeStore.open(db, Clock.systemUTC())) {
            HexFormat hex = HexFormat.of();
            for (String[] c : committed) {
                assertThat(store.jobs().get(PayloadId.of(hex.parseHex(c[2])))).isPresent();
                assertThat(store.peers().get(PublicKey.fromHex(c[3]))).isPresent();
                assertThat(store.preimages().get(Hash32.of(hex.parseHex(c[4])))).isPresent();
            }
        }
    }
}

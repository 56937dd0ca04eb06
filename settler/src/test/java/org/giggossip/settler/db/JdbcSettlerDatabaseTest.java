package org.giggossip.settler.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.durable.StateChanges;
import org.giggossip.settler.service.Notice;
import org.giggossip.settler.service.SettlerDatabase;
import org.giggossip.settler.service.SettlerDatabase.NewNotice;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link JdbcSettlerDatabase} on SQLite and on PostgreSQL (see {@link TestDatabase}). */
class JdbcSettlerDatabaseTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00.123456789Z");

    @TempDir
    Path tempDir;

    private static PublicKey newKey() {
        return PrivateKey.generate(RANDOM).publicKey();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static StateChanges put(String key, String value) {
        StateChanges c = new StateChanges();
        c.put(key, utf8(value));
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.Kind.class)
    void migratesAnEmptyDatabaseAndReopensWithoutMigratingAgain(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase t = TestDatabase.create(kind, tempDir)) {
            PublicKey to = newKey();
            try (SettlerDatabase db = t.open()) {
                assertThat(db.loadState()).isEmpty();
                assertThat(db.notices(to, 0, 10)).isEmpty();
                db.commit(put("gig/1", "open"), List.of(new NewNotice(to, T0, utf8("hello"))));
                assertThat(db.describe()).startsWith(kind == TestDatabase.Kind.SQLITE ? "SQLite " : "PostgreSQL ");
            }
            try (SettlerDatabase db = t.open()) {
                assertThat(db.loadState()).containsOnlyKeys("gig/1");
                assertThat(db.notices(to, 0, 10)).extracting(n -> new String(n.message(), StandardCharsets.UTF_8))
                        .containsExactly("hello");
            }
            try (Connection c = DriverManager.getConnection(t.url());
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT version, success FROM flyway_schema_history"
                            + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
                List<String> applied = new ArrayList<>();
                while (r.next()) {
                    applied.add(r.getString(1) + ":" + r.getBoolean(2));
                }
                assertThat(applied).as("each migration applied once, successfully").containsExactly("1:true");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.Kind.class)
    void putsOverwritesAndDeletesStateRows(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase t = TestDatabase.create(kind, tempDir); SettlerDatabase db = t.open()) {
            StateChanges first = put("a", "1");
            first.put("b", new byte[] {0, (byte) 0xff, 0});
            first.put("c", new byte[0]);
            db.commit(first, List.of());
            StateChanges second = put("a", "2");
            second.delete("c");
            second.delete("never-there");
            db.commit(second, List.of());

            Map<String, byte[]> state = db.loadState();
            assertThat(state).containsOnlyKeys("a", "b");
            assertThat(state.get("a")).isEqualTo(utf8("2"));
            assertThat(state.get("b")).isEqualTo(new byte[] {0, (byte) 0xff, 0});
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.Kind.class)
    void numbersNoticesInOrderPerRecipient(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase t = TestDatabase.create(kind, tempDir); SettlerDatabase db = t.open()) {
            PublicKey alice = newKey();
            PublicKey bob = newKey();
            List<Notice> one = db.commit(new StateChanges(), List.of(
                    new NewNotice(alice, T0, utf8("a1")),
                    new NewNotice(bob, T0.plusSeconds(1), utf8("b1")),
                    new NewNotice(alice, T0.plusSeconds(2), utf8("a2"))));
            List<Notice> two = db.commit(put("k", "v"), List.of(new NewNotice(alice, T0.plusSeconds(3), utf8("a3"))));

            List<Long> seqs = new ArrayList<>();
            one.forEach(n -> seqs.add(n.seq()));
            two.forEach(n -> seqs.add(n.seq()));
            assertThat(seqs).isSorted().doesNotHaveDuplicates().hasSize(4);
            assertThat(one.get(0).at()).as("stored to the millisecond").isEqualTo(T0.truncatedTo(ChronoUnit.MILLIS));

            List<Notice> forAlice = db.notices(alice, 0, 100);
            assertThat(forAlice).extracting(n -> new String(n.message(), StandardCharsets.UTF_8))
                    .containsExactly("a1", "a2", "a3");
            assertThat(forAlice).extracting(Notice::seq).containsExactly(seqs.get(0), seqs.get(2), seqs.get(3));
            assertThat(forAlice).extracting(Notice::to).containsOnly(alice);
            assertThat(forAlice.get(2).at()).isEqualTo(two.get(0).at());
            assertThat(db.notices(bob, 0, 100)).extracting(Notice::seq).containsExactly(seqs.get(1));

            assertThat(db.notices(alice, seqs.get(0), 1)).extracting(Notice::seq).containsExactly(seqs.get(2));
            assertThat(db.notices(alice, seqs.get(3), 100)).isEmpty();
            assertThat(db.notices(newKey(), 0, 100)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.Kind.class)
    void prunesNoticesCommittedBeforeAnInstantAndNeverReusesTheirNumbers(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase t = TestDatabase.create(kind, tempDir); SettlerDatabase db = t.open()) {
            PublicKey to = newKey();
            for (int i = 0; i < 4; i++) {
                db.commit(new StateChanges(), List.of(new NewNotice(to, T0.plusSeconds(i), utf8("n" + i))));
            }
            long newest = db.notices(to, 0, 10).get(3).seq();
            assertThat(db.pruneNotices(T0.plusSeconds(2))).isEqualTo(2);
            assertThat(db.pruneNotices(T0.plusSeconds(2))).isZero();
            assertThat(db.notices(to, 0, 10)).extracting(n -> new String(n.message(), StandardCharsets.UTF_8))
                    .containsExactly("n2", "n3");
            assertThat(db.pruneNotices(T0.plusSeconds(10))).isEqualTo(2);
            List<Notice> next = db.commit(new StateChanges(), List.of(new NewNotice(to, T0, utf8("later"))));
            assertThat(next.get(0).seq()).as("a pruned number is not handed out again").isGreaterThan(newest);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.Kind.class)
    void detectsReplayedNoncesUntilTheyExpire(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase t = TestDatabase.create(kind, tempDir); SettlerDatabase db = t.open()) {
            PublicKey alice = newKey();
            PublicKey bob = newKey();
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            Instant expires = T0.plusSeconds(60);

            assertThat(db.rememberNonce(alice, nonce, expires, T0)).isTrue();
            assertThat(db.rememberNonce(alice, nonce, expires, T0.plusSeconds(59))).as("replay").isFalse();
            assertThat(db.rememberNonce(bob, nonce, expires, T0)).as("another caller's nonce").isTrue();
            byte[] other = nonce.clone();
            other[0] ^= 1;
            assertThat(db.rememberNonce(alice, other, expires, T0)).isTrue();
            // at its expiry the nonce is forgotten (the request is no longer valid anyway)
            assertThat(db.rememberNonce(alice, nonce, expires.plusSeconds(60), expires)).isTrue();
            assertThat(db.rememberNonce(alice, nonce, expires.plusSeconds(60), expires)).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.Kind.class)
    void concurrentCommitsFromTwoConnectionsKeepSeqsUniqueAndIncreasing(TestDatabase.Kind kind) throws Exception {
        int threadsPerConnection = 4;
        int commitsPerThread = 40;
        try (TestDatabase t = TestDatabase.create(kind, tempDir);
                SettlerDatabase first = t.open();
                SettlerDatabase second = t.open()) {
            PublicKey to = newKey();
            ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerConnection);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Long>>> results = new ArrayList<>();
            try {
                for (int th = 0; th < 2 * threadsPerConnection; th++) {
                    SettlerDatabase db = th % 2 == 0 ? first : second;
                    int thread = th;
                    results.add(pool.submit(() -> {
                        start.await();
                        List<Long> seqs = new ArrayList<>();
                        for (int i = 0; i < commitsPerThread; i++) {
                            List<NewNotice> notices = new ArrayList<>();
                            for (int j = 0; j <= i % 2; j++) {
                                notices.add(new NewNotice(to, T0, utf8(thread + "/" + i + "/" + j)));
                            }
                            db.commit(put("thread/" + thread, Integer.toString(i)), notices)
                                    .forEach(n -> seqs.add(n.seq()));
                        }
                        return seqs;
                    }));
                }
                start.countDown();
                Set<Long> all = new HashSet<>();
                int total = 0;
                for (Future<List<Long>> f : results) {
                    List<Long> seqs = f.get(120, TimeUnit.SECONDS);
                    assertThat(seqs).as("one thread's commits are numbered in its order").isSorted()
                            .doesNotHaveDuplicates();
                    all.addAll(seqs);
                    total += seqs.size();
                }
                assertThat(all).as("no seq handed out twice").hasSize(total);
                List<Notice> stored = TestDatabase.allNotices(first, to);
                assertThat(stored).extracting(Notice::seq).containsExactlyElementsOf(all.stream().sorted().toList());
                assertThat(first.loadState()).hasSize(2 * threadsPerConnection)
                        .allSatisfy((k, v) -> assertThat(v).isEqualTo(utf8(Integer.toString(commitsPerThread - 1))));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.Kind.class)
    void refusesAbsurdSizesAndCommitsNothingOfARefusedCall(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase t = TestDatabase.create(kind, tempDir); SettlerDatabase db = t.open()) {
            PublicKey to = newKey();
            byte[] huge = new byte[JdbcSettlerDatabase.MAX_MESSAGE_BYTES + 1];
            assertThatThrownBy(() -> db.commit(put("x", "1"), List.of(new NewNotice(to, T0, huge))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytes");
            List<NewNotice> many = new ArrayList<>();
            for (int i = 0; i <= JdbcSettlerDatabase.MAX_NOTICES_PER_COMMIT; i++) {
                many.add(new NewNotice(to, T0, new byte[1]));
            }
            assertThatThrownBy(() -> db.commit(new StateChanges(), many))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("notices in one commit");
            assertThatThrownBy(() -> db.rememberNonce(to, new byte[JdbcSettlerDatabase.MAX_NONCE_BYTES + 1], T0, T0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> db.rememberNonce(to, new byte[0], T0, T0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> db.notices(to, 0, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> db.notices(to, -1, 10)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> db.commit(new StateChanges(), List.of(new NewNotice(to, Instant.MAX, new byte[1]))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");

            assertThat(db.loadState()).isEmpty();
            assertThat(db.notices(to, 0, 10)).isEmpty();
            for (int i = 0; i < 3; i++) {
                db.commit(new StateChanges(), List.of(new NewNotice(to, T0, new byte[1])));
            }
            assertThat(db.notices(to, 0, Integer.MAX_VALUE)).as("a huge limit is lowered, not refused").hasSize(3);
        }
    }
}

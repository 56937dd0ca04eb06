package org.giggossip.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.giggossip.core.durable.StateChanges;
import org.junit.jupiter.api.Test;

/** {@link JdbcStateTable} on an in-memory SQLite database, in the caller's transaction. */
class JdbcStateTableTest {
    private static final JdbcStateTable TABLE = new JdbcStateTable("test_state");

    @Test
    void putsReplacesAndDeletesRows() throws Exception {
        try (Connection c = open()) {
            StateChanges first = new StateChanges();
            first.put("a", bytes("one"));
            first.put("b", bytes("two"));
            first.put("c", bytes("three"));
            TABLE.apply(c, first);
            StateChanges second = new StateChanges();
            second.put("a", bytes("uno"));
            second.delete("b");
            second.delete("absent");
            TABLE.apply(c, second);

            Map<String, byte[]> rows = TABLE.loadAll(c);
            assertThat(rows).containsOnlyKeys("a", "c");
            assertThat(rows.get("a")).isEqualTo(bytes("uno"));
            assertThat(rows.get("c")).isEqualTo(bytes("three"));
        }
    }

    @Test
    void writesInsideTheCallersTransaction() throws Exception {
        try (Connection c = open()) {
            c.setAutoCommit(false);
            StateChanges changes = new StateChanges();
            changes.put("k", bytes("v"));
            TABLE.apply(c, changes);
            c.rollback();
            assertThat(TABLE.loadAll(c)).isEmpty();
            TABLE.apply(c, changes);
            c.commit();
            assertThat(TABLE.loadAll(c)).containsOnlyKeys("k");
        }
    }

    @Test
    void noChangesTouchNothing() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            // no table at all: an empty change set must not reach the database
            TABLE.apply(c, new StateChanges());
            assertThatThrownBy(() -> TABLE.loadAll(c)).hasMessageContaining("test_state");
        }
    }

    @Test
    void refusesATableNameThatIsNotAnIdentifier() {
        assertThatThrownBy(() -> new JdbcStateTable("state; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JdbcStateTable("1state")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JdbcStateTable("")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Connection open() throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE test_state (state_key TEXT PRIMARY KEY, state_value BLOB NOT NULL)");
        }
        return c;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

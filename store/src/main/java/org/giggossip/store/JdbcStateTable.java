package org.giggossip.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.giggossip.core.durable.StateChanges;

/**
 * A keyed state kept in one SQL table with the columns {@code state_key} (text,
 * primary key) and {@code state_value} (bytes: BLOB in SQLite, BYTEA in
 * PostgreSQL), which the owner's migrations create. Plain JDBC, SQL that both
 * SQLite and PostgreSQL run; the caller owns the connection and the transaction.
 * It commits the {@link StateChanges} of a sans-I/O state machine of {@code core}
 * (the settler's gigs, the ledger's accounts and invoices).
 */
public final class JdbcStateTable {
    private final String table;

    /** @param table the table's name: letters, digits and underscores */
    public JdbcStateTable(String table) {
        if (!Objects.requireNonNull(table, "table").matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("bad table name: " + table);
        }
        this.table = table;
    }

    /** Every row, by key. */
    public Map<String, byte[]> loadAll(Connection c) throws SQLException {
        Map<String, byte[]> rows = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT state_key, state_value FROM " + table);
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                rows.put(r.getString(1), r.getBytes(2));
            }
        }
        return rows;
    }

    /** Applies {@code changes} on {@code c}, inside the caller's transaction. */
    public void apply(Connection c, StateChanges changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement put = c.prepareStatement("INSERT INTO " + table
                + " (state_key, state_value) VALUES (?, ?)"
                + " ON CONFLICT (state_key) DO UPDATE SET state_value = excluded.state_value");
                PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE state_key = ?")) {
            boolean puts = false;
            boolean deletes = false;
            for (Map.Entry<String, byte[]> e : changes.entries().entrySet()) {
                if (e.getValue() == null) {
                    delete.setString(1, e.getKey());
                    delete.addBatch();
                    deletes = true;
                } else {
                    put.setString(1, e.getKey());
                    put.setBytes(2, e.getValue());
                    put.addBatch();
                    puts = true;
                }
            }
            // keys are distinct, so puts and deletes commute
            if (puts) {
                put.executeBatch();
            }
            if (deletes) {
                delete.executeBatch();
            }
        }
    }
}

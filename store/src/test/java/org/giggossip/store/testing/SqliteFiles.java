package org.giggossip.store.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.giggossip.core.util.Hex;
import org.giggossip.store.FlywaySqlite;

/**
 * What the stores' tests read of a SQLite file, each on a connection of its own: its rows, its
 * tables, its schema and its Flyway history, and a statement run on it (to damage it on purpose).
 * Shared with the modules whose stores are SQLite files (core's test-jar way: store's test-jar).
 */
public final class SqliteFiles {
    private SqliteFiles() {}

    /** Every row of each of {@code tables} that exists, as text (blobs as {@code x'hex'}), in rowid order. */
    public static Map<String, List<List<String>>> dump(Path f, List<String> tables) throws SQLException {
        Map<String, List<List<String>>> out = new LinkedHashMap<>();
        List<String> present = tables(f);
        try (Connection c = open(f); Statement s = c.createStatement()) {
            for (String table : tables) {
                if (!present.contains(table)) {
                    continue;
                }
                List<List<String>> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT * FROM " + table + " ORDER BY rowid")) {
                    int columns = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        List<String> row = new ArrayList<>();
                        for (int i = 1; i <= columns; i++) {
                            Object v = r.getObject(i);
                            row.add(v instanceof byte[] b ? "x'" + Hex.encode(b) + "'" : String.valueOf(v));
                        }
                        rows.add(row);
                    }
                }
                out.put(table, rows);
            }
        }
        return out;
    }

    /** The file's tables, by name. */
    public static List<String> tables(Path f) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = open(f); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    /** The tables and indexes with their normalised statements, the version tables left out. */
    public static Map<String, String> schema(Path f) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = open(f); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT type, name, sql FROM sqlite_master WHERE tbl_name NOT IN"
                     + " ('schema_version', '" + FlywaySqlite.HISTORY + "') AND name NOT LIKE 'sqlite_%'")) {
            while (r.next()) {
                out.put(r.getString(1) + " " + r.getString(2), FlywaySqlite.normalize(r.getString(3)));
            }
        }
        return out;
    }

    /** Flyway's history as {@code version:type} entries, in the order they were installed. */
    public static String history(Path f) throws SQLException {
        try (Connection c = open(f); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT group_concat(version || ':' || type) FROM "
                     + FlywaySqlite.HISTORY + " ORDER BY installed_rank")) {
            r.next();
            return r.getString(1);
        }
    }

    /** Runs {@code sql} on the file. */
    public static void execute(Path f, String sql) throws SQLException {
        try (Connection c = open(f); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Connection open(Path f) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + f);
    }
}

package org.giggossip.settler.db;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.settler.service.Notice;
import org.giggossip.settler.service.SettlerDatabase;

/**
 * A fresh, empty settler database for one test: a SQLite file in the test's
 * temporary directory, or a new schema in the PostgreSQL database named by
 * {@code GG_TEST_POSTGRES_URL} (dropped on close). With CI=true a missing
 * PostgreSQL fails the test: CI must run the PostgreSQL half.
 */
final class TestDatabase implements AutoCloseable {
    static final String POSTGRES_ENV = "GG_TEST_POSTGRES_URL";

    /** Which database a parameterized test runs on. */
    enum Kind { SQLITE, POSTGRESQL }

    private final String url;
    private final String adminUrl;
    private final String schema;

    private TestDatabase(String url, String adminUrl, String schema) {
        this.url = url;
        this.adminUrl = adminUrl;
        this.schema = schema;
    }

    static TestDatabase create(Kind kind, Path tempDir) {
        if (kind == Kind.SQLITE) {
            return new TestDatabase(JdbcSettlerDatabase.sqliteUrl(tempDir.resolve("settler.db")), null, null);
        }
        String base = postgresUrl();
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        String schema = "t_" + HexFormat.of().formatHex(random);
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new AssertionError("cannot create a test schema in " + DatabaseUrl.parse(base).describe()
                    + ": " + e.getMessage(), e);
        }
        return new TestDatabase(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema, base, schema);
    }

    /** The PostgreSQL URL from the environment; fails under CI when missing, else skips. */
    static String postgresUrl() {
        String url = System.getenv(POSTGRES_ENV);
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(POSTGRES_ENV + " is not set, but CI=true: the settler database tests must also run on"
                        + " PostgreSQL in CI (.ci/run starts one with scripts/postgres.sh and exports it)");
            }
            assumeTrue(false, POSTGRES_ENV + " is not set: the PostgreSQL half is skipped"
                    + " (as root: export " + POSTGRES_ENV + "=$(scripts/postgres.sh))");
        }
        return url;
    }

    /** Every notice for {@code to}, fetched page by page. */
    static List<Notice> allNotices(SettlerDatabase db, PublicKey to) {
        List<Notice> all = new ArrayList<>();
        long after = 0;
        for (List<Notice> page; !(page = db.notices(to, after, 1000)).isEmpty(); ) {
            all.addAll(page);
            after = page.get(page.size() - 1).seq();
        }
        return all;
    }

    String url() {
        return url;
    }

    SettlerDatabase open() {
        return JdbcSettlerDatabase.open(url);
    }

    @Override
    public void close() throws SQLException {
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}

package org.giggossip.core.violation;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Breaks "core holds no JDBC". */
public final class UsesJdbc {
    private UsesJdbc() {}

    public static Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite::memory:");
    }
}

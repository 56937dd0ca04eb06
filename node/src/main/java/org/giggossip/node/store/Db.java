package org.giggossip.node.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** The one connection and its lock; every write is one committed transaction. */
final class Db {
    /** Reads one row of a result into a value. */
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet r) throws SQLException;
    }

    /** Runs {@code sql} with {@code args} bound in order and maps every row. */
    static <T> List<T> query(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, args);
            try (ResultSet r = p.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (r.next()) {
                    out.add(row.map(r));
                }
                return out;
            }
        }
    }

    /** Runs an INSERT, UPDATE or DELETE with {@code args} bound in order; returns the rows changed. */
    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, args);
            return p.executeUpdate();
        }
    }

    private static void bind(PreparedStatement p, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            p.setObject(i + 1, args[i]);
        }
    }

    /** A unit of work on the connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Connection connection;
    private final ReentrantLock lock;
    private boolean closed;

    Db(Connection connection, ReentrantLock lock) {
        this.connection = connection;
        this.lock = lock;
    }

    /** Runs {@code work} in a transaction and commits before returning; rolls back on any failure. */
    <T> T write(Work<T> work) {
        lock.lock();
        try {
            check();
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(e);
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                throw new StoreException("node store write failed: " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs a read; ends its transaction so the WAL can be checkpointed. */
    <T> T read(Work<T> work) {
        lock.lock();
        try {
            check();
            try {
                T result = work.run(connection);
                connection.rollback();
                return result;
            } catch (SQLException e) {
                rollbackQuietly(e);
                throw new StoreException("node store read failed: " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                connection.close();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot close the node store: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("the node store is closed");
        }
    }

    private void rollbackQuietly(Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}

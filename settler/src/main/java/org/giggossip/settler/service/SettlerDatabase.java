package org.giggossip.settler.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.durable.StateChanges;

/**
 * The settler service's database: SQLite by default (one file), PostgreSQL when
 * the JDBC URL says so. Versioned migrations run when it opens. Every method
 * is one transaction; a crash between two calls loses nothing either committed.
 * Thread-safe (the service calls it from its own thread and from HTTP threads).
 */
public interface SettlerDatabase extends AutoCloseable {

    /** A notice not yet numbered: to whom, when, and the encoded message. */
    record NewNotice(PublicKey to, Instant at, byte[] message) {}

    /** The settler's state rows (see {@code Settler#restore}), by key. */
    Map<String, byte[]> loadState();

    /**
     * In one transaction: applies {@code changes} to the state rows and appends
     * {@code notices}, numbering them in order.
     *
     * @return the appended notices with their numbers
     */
    List<Notice> commit(StateChanges changes, List<NewNotice> notices);

    /** Up to {@code limit} notices for {@code to} numbered above {@code afterSeq}, in order. */
    List<Notice> notices(PublicKey to, long afterSeq, int limit);

    /** Forgets the notices committed before {@code before}; returns how many. */
    int pruneNotices(Instant before);

    /**
     * Records that {@code caller} used {@code nonce} in a request that stays
     * valid until {@code expiresAt}, and forgets nonces expired at {@code now}.
     *
     * @return false if that caller already used that nonce (a replay)
     */
    boolean rememberNonce(PublicKey caller, byte[] nonce, Instant expiresAt, Instant now);

    /** A line for the log: which database, where (no password). */
    String describe();

    @Override
    void close();
}

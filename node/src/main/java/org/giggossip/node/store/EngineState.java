package org.giggossip.node.store;

import java.util.Optional;

/**
 * The engine's durable state (one row): the bytes of its last snapshot, written
 * in one committed transaction before the outputs of the input that changed it
 * are carried out (the write-ahead contract of {@code Engine.snapshot()}).
 */
public final class EngineState {
    private final Db db;
    private final java.time.Clock clock;

    EngineState(Db db, java.time.Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The last snapshot stored, if any. */
    public Optional<byte[]> load() {
        return db.read(c -> Db.query(c, "SELECT snapshot FROM engine_state WHERE id = 1", r -> r.getBytes(1))
                .stream().findFirst());
    }

    /** Stores {@code snapshot} (committed when this returns), replacing the last one. */
    public void save(byte[] snapshot, long version) {
        db.write(c -> Db.update(c, "INSERT INTO engine_state (id, snapshot, version, saved_ms) VALUES (1, ?, ?, ?) "
                + "ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot, version = excluded.version, "
                + "saved_ms = excluded.saved_ms", snapshot, version, clock.millis()));
    }
}

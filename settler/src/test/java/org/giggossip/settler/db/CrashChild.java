package org.giggossip.settler.db;

import java.nio.ByteBuffer;
import java.util.List;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.durable.StateChanges;
import org.giggossip.settler.service.SettlerDatabase;
import org.giggossip.settler.service.SettlerDatabase.NewNotice;

/**
 * The process {@link CrashTest} kills: commits forever, each commit putting the
 * counter {@code n} under the key {@code counter}, a row {@code c/n}, and a
 * notice whose message is {@code n}; prints {@code committed n} after each
 * commit returns. Arguments: the JDBC URL and the recipient's key in hex.
 */
public final class CrashChild {
    static final int MAX_COMMITS = 1_000_000;

    private CrashChild() {}

    public static void main(String[] args) {
        PublicKey to = PublicKey.fromHex(args[1]);
        try (SettlerDatabase db = JdbcSettlerDatabase.open(args[0])) {
            byte[] stored = db.loadState().get("counter");
            long n = stored == null ? 0 : ByteBuffer.wrap(stored).getLong();
            System.out.println("ready " + n);
            System.out.flush();
            for (int i = 0; i < MAX_COMMITS; i++) {
                n++;
                byte[] value = ByteBuffer.allocate(Long.BYTES).putLong(n).array();
                StateChanges changes = new StateChanges();
                changes.put("counter", value);
                changes.put("c/" + n, value);
                db.commit(changes, List.of(new NewNotice(to, java.time.Instant.now(), value)));
                System.out.println("committed " + n);
                System.out.flush();
            }
        }
    }
}

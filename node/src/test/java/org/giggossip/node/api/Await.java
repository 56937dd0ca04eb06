package org.giggossip.node.api;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/** A bounded wait for a condition another thread makes true (Awaitility, as every test's waits). */
public final class Await {
    private Await() {}

    /** Waits until {@code condition} holds, failing with {@code what} after {@code limit}. */
    public static void until(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        Awaitility.await(what).atMost(limit).pollInterval(Duration.ofMillis(5)).until(condition::getAsBoolean);
    }
}

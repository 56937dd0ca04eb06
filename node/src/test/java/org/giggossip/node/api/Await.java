package org.giggossip.node.api;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A bounded wait for a condition another thread makes true. */
public final class Await {
    private Await() {}

    /** Waits until {@code condition} holds, failing with {@code what} after {@code limit}. */
    public static void until(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit + " waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}

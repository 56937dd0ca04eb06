package org.giggossip.core.violation;

import java.util.concurrent.CompletableFuture;

/** Breaks "core starts no threads": work on the common pool, with no thread class named. */
public final class RunsAsync {
    private RunsAsync() {}

    public static CompletableFuture<Void> later(Runnable task) {
        return CompletableFuture.runAsync(task);
    }
}

package org.giggossip.core.violation;

/** Breaks "core starts no threads": a thread of its own. */
public final class StartsAThread {
    private StartsAThread() {}

    public static void start(Runnable task) {
        new Thread(task).start();
    }
}

package org.giggossip.lightning.lnd;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.giggossip.core.payment.WalletEvent;

/**
 * The one thread of an {@link LndWallet}: it owns the wallet's state, runs gRPC's
 * callbacks and delivers every event to the sink, in order. After {@link #close}
 * nothing more runs and nothing more is delivered. Also the bounded backoff of
 * the streams that are opened again after a lost connection.
 */
final class WalletLoop implements Executor {
    private static final System.Logger LOG = System.getLogger(WalletLoop.class.getName());
    /** The pause after a stream's first failure; it doubles with each further one. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

    private final ScheduledThreadPoolExecutor executor;
    private final Consumer<WalletEvent> sink;
    private final Duration maxBackoff;
    private volatile boolean closed;
    /** Run before each retry: makes the channel reconnect now rather than after gRPC's own backoff. */
    private Runnable beforeRetry = () -> { };

    WalletLoop(String name, Consumer<WalletEvent> sink, Duration maxBackoff) {
        this.sink = sink;
        this.maxBackoff = maxBackoff;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Runs {@code task} on the loop; a task arriving after {@link #close} (a late gRPC callback) is dropped. */
    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "lnd wallet closed; task dropped");
        }
    }

    /** The pause before a stream is opened again after its {@code failures}-th failure in a row. */
    long backoffMillis(int failures) {
        return Math.min(maxBackoff.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(Math.max(failures, 0), 16));
    }

    /** Sets what runs before each retry; set once, before the loop runs anything. */
    void beforeRetry(Runnable hook) {
        this.beforeRetry = hook;
    }

    /** Runs {@code task} on the loop after the pause for a stream's {@code failures}-th failure in a row. */
    void later(int failures, Runnable task) {
        try {
            executor.schedule(() -> guarded(() -> {
                beforeRetry.run();
                task.run();
            }), backoffMillis(failures), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "lnd wallet closed; retry dropped");
        }
    }

    /** Delivers an event to the sink (on the loop), unless closed. */
    void emit(WalletEvent event) {
        if (closed) {
            return;
        }
        try {
            sink.accept(event);
        } catch (RuntimeException e) {
            // the host's bug: the wallet must keep following its other invoices and payments
            LOG.log(System.Logger.Level.ERROR, "the wallet sink failed on " + event, e);
        }
    }

    void close() {
        closed = true;
        executor.shutdown();
    }

    private void guarded(Runnable task) {
        if (closed) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            // a bug or a throwing sink: the loop must keep serving the other invoices and payments
            LOG.log(System.Logger.Level.ERROR, "lnd wallet task failed", e);
        }
    }
}

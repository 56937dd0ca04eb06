package org.giggossip.settler.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Retries a request to the settler service while it is unreachable (restarting
 * after a crash, say), with a doubling pause from 0.25 s to 4 s, for at most a
 * given time; then the last failure stands.
 */
final class Retry {
    /** How long a request is retried before it is given up. */
    static final Duration BUDGET = Duration.ofSeconds(60);

    /** The request never reached the service: it may be sent again whatever it does. */
    static final Predicate<IOException> NOT_SENT =
            e -> e instanceof ConnectException || e instanceof HttpConnectTimeoutException;

    /** Any failure: for requests the service answers the same when they come twice. */
    static final Predicate<IOException> ANY = e -> true;

    interface Attempt<T> {
        T run() throws IOException, InterruptedException;
    }

    /** Told of each failed attempt: the failure, and whether it is tried again after {@code pauseMs}. */
    interface Listener {
        Listener NONE = (e, retrying, pauseMs) -> { };

        void failed(IOException e, boolean retrying, long pauseMs);
    }

    private Retry() {}

    static <T> T until(Duration budget, Predicate<IOException> retryable, Attempt<T> attempt)
            throws IOException, InterruptedException {
        return until(budget, retryable, attempt, Listener.NONE);
    }

    static <T> T until(Duration budget, Predicate<IOException> retryable, Attempt<T> attempt, Listener listener)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + budget.toNanos();
        long pauseMs = 250;
        while (true) {
            try {
                return attempt.run();
            } catch (IOException e) {
                boolean retrying = retryable.test(e) && System.nanoTime() + pauseMs * 1_000_000 <= end;
                listener.failed(e, retrying, pauseMs);
                if (!retrying) {
                    throw e;
                }
                Thread.sleep(pauseMs);
                pauseMs = Math.min(pauseMs * 2, 4_000);
            }
        }
    }
}

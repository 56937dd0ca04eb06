package org.giggossip.net.netty;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.giggossip.core.pow.PowResult;
import org.giggossip.core.pow.PowSolver;
import org.giggossip.core.pow.Target;

/**
 * Solves an admission's proof of work off the event loop (docs/architecture.md: PoW
 * solving runs on a worker pool). The future holds the nonce, or is empty when
 * the deadline passed first; cancelling it stops the work.
 */
@FunctionalInterface
public interface AdmissionSolver {
    /** Starts solving {@code payload} to {@code target} before {@code deadline}. */
    CompletableFuture<OptionalLong> solve(byte[] payload, Target target, Instant deadline);

    /** The project's multi-threaded {@link PowSolver}. */
    static AdmissionSolver of(PowSolver solver) {
        return (payload, target, deadline) -> {
            var job = solver.solve(payload, target, deadline);
            CompletableFuture<OptionalLong> nonce = job.result().thenApply(r -> switch (r) {
                case PowResult.Found found -> OptionalLong.of(found.nonce());
                case PowResult.Expired expired -> OptionalLong.empty();
                case PowResult.Cancelled cancelled -> OptionalLong.empty();
            });
            nonce.whenComplete((n, e) -> {
                if (nonce.isCancelled()) {
                    job.cancel();
                }
            });
            return nonce;
        };
    }
}

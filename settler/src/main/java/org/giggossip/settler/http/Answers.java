package org.giggossip.settler.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.settler.GigView;
import org.giggossip.core.settler.Settler;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.Hash32;
import org.giggossip.http.HttpProblem;
import org.giggossip.http.StreamLimits;
import org.giggossip.http.Reply;
import org.giggossip.settler.service.SettlerBackend;

/**
 * What the route handlers share: waiting for the backend with a time limit,
 * mapping a settler answer to an HTTP status, the owner check of a gig, and
 * long polls with a bounded number of waiters.
 *
 * <p>Status of a settler answer: 200 for ReplyHashIssued, ReplySealed, Done and
 * PreimageRevealed; 409 for Refused (the request was well-formed and
 * authenticated but the settler would not do it in the gig's present state; the
 * body carries its reason), except a refusal for acting on another's gig, 403.
 */
final class Answers {
    /** Entries answered by one long poll at most. */
    static final int POLL_LIMIT = 100;

    private final SettlerBackend backend;
    private final Duration timeout;
    private final StreamLimits pollers;

    /**
     * @param pollers the caps of long polls waiting at once: in all (503) and per caller (429)
     */
    Answers(SettlerBackend backend, Duration timeout, StreamLimits pollers) {
        this.backend = backend;
        this.timeout = timeout;
        this.pollers = pollers;
    }

    /** The backend's result: 504 if late, 400 if it refused an argument, else its failure. */
    <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new HttpProblem(504, "the settler did not answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpProblem(503, "the settler is stopping");
        } catch (CancellationException e) {
            throw new HttpProblem(503, "the settler dropped the request");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw HttpProblem.badRequest(bad.getMessage());
            }
            if (e.getCause() instanceof HttpProblem p) {
                throw p;
            }
            throw new IllegalStateException("the settler failed: " + e.getCause(), e.getCause());
        }
    }

    /** A settler answer as JSON with its status (see the class comment). */
    static Reply answer(SettlerResponse response) {
        int status = switch (response) {
            case SettlerResponse.Refused r -> r.reason().equals(Settler.NOT_YOUR_GIG) ? 403 : 409;
            default -> 200;
        };
        return new Reply(status, SettlerJson.answer(response));
    }

    static Reply ok(JsonNode body) {
        return new Reply(200, body);
    }

    /**
     * The gig of {@code hash} if {@code caller} may act on it as {@code owner} says:
     * 404 when the settler does not hold it, 403 when the caller is not that party.
     */
    GigView ownGig(PublicKey caller, Hash32 hash, Route.Owner owner) {
        GigView gig = await(backend.gig(hash)).orElseThrow(
                () -> new HttpProblem(404, "unknown gig " + hash.hex()));
        boolean allowed = switch (owner) {
            case GIG_REPLIER -> gig.replier().equals(caller);
            case GIG_CUSTOMER -> gig.customer().equals(caller);
            case GIG_PARTY -> gig.customer().equals(caller) || gig.replier().equals(caller)
                    || backend.admins().contains(caller);
            case NONE, WALLET -> throw new IllegalArgumentException("not a gig owner: " + owner);
        };
        if (!allowed) {
            String role = switch (owner) {
                case GIG_REPLIER -> "its replier";
                case GIG_CUSTOMER -> "its customer";
                default -> "its customer or replier";
            };
            throw new HttpProblem(403, Settler.NOT_YOUR_GIG + ": only " + role + " may do this");
        }
        return gig;
    }

    /**
     * A long poll: what {@code read} finds, or, when it finds nothing, what it
     * finds after {@code ready} completes or {@code waitMs} passes. At most
     * so many wait at once, in all (503 beyond) and for one {@code caller} (429 beyond).
     */
    <T> List<T> longPoll(PublicKey caller, Supplier<List<T>> read, Supplier<CompletableFuture<Void>> ready,
            long waitMs) {
        List<T> found = read.get();
        if (!found.isEmpty() || waitMs == 0) {
            return found;
        }
        StreamLimits.Permit permit = pollers.acquire(caller.hex());
        CompletableFuture<Void> signal = ready.get();
        try {
            signal.get(waitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // nothing new: answer an empty list
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpProblem(503, "the settler is stopping");
        } catch (ExecutionException | CancellationException e) {
            // read again below: the signal is only a hint
        } finally {
            // lets the backend drop the waiter
            signal.cancel(false);
            permit.close();
        }
        return read.get();
    }
}

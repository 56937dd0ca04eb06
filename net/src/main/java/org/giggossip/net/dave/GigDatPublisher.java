package org.giggossip.net.dave;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.wire.RevocationList;

/**
 * A settler's publisher of {@link GigDats}: mines each revealed preimage and each
 * new revocation list on a thread of its own and sets it on a {@link DaveHost}.
 * {@link #preimage} and {@link #revocations} only queue (at most {@value #QUEUE}
 * waiting; beyond, the value is dropped with a warning), so the settler's thread
 * never waits for the work, which takes seconds at strength 3.
 */
public final class GigDatPublisher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GigDatPublisher.class.getName());
    /** Most values waiting to be mined. */
    public static final int QUEUE = 1024;

    private final DaveHost host;
    private final int strength;
    private final SecureRandom random;
    private final BlockingQueue<Supplier<Optional<DaveMsg>>> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread thread;
    private final AtomicLong published = new AtomicLong();
    private volatile boolean open = true;

    /**
     * Starts the mining thread.
     *
     * @param strength leading zero bytes of each DAT's work, 0..{@value DaveWork#MAX_SOLVE_STRENGTH}
     */
    public GigDatPublisher(DaveHost host, int strength, SecureRandom random) {
        if (strength < 0 || strength > DaveWork.MAX_SOLVE_STRENGTH) {
            throw new IllegalArgumentException("strength " + strength + " is not in 0.." + DaveWork.MAX_SOLVE_STRENGTH);
        }
        this.host = Objects.requireNonNull(host, "host");
        this.strength = strength;
        this.random = Objects.requireNonNull(random, "random");
        this.thread = Thread.ofPlatform().daemon().name("dave-miner").start(this::loop);
    }

    /** Queues {@code preimage} for publishing; false if the queue is full or closed. */
    public boolean preimage(Preimage preimage) {
        Objects.requireNonNull(preimage, "preimage");
        return offer(() -> Optional.of(GigDats.preimage(preimage, strength, random)),
                "the preimage of " + preimage.paymentHash().hex());
    }

    /** Queues {@code list} for publishing (skipped when too large for a DAT); false if full or closed. */
    public boolean revocations(RevocationList list) {
        Objects.requireNonNull(list, "list");
        return offer(() -> GigDats.revocations(list, strength, random), list.toString());
    }

    /** DATs mined and set on the host so far. */
    public long published() {
        return published.get();
    }

    private boolean offer(Supplier<Optional<DaveMsg>> job, String what) {
        if (open && queue.offer(job)) {
            return true;
        }
        LOG.log(System.Logger.Level.WARNING, "dave: not publishing " + what + ": "
                + (open ? QUEUE + " values already wait to be mined" : "closed"));
        return false;
    }

    private void loop() {
        while (open) {
            Supplier<Optional<DaveMsg>> job;
            try {
                job = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (job == null) {
                continue;
            }
            try {
                Optional<DaveMsg> dat = job.get();
                if (dat.isPresent()) {
                    host.set(dat.get());
                    published.incrementAndGet();
                }
            } catch (CancellationException e) {
                return; // closed while mining
            } catch (RejectedExecutionException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "dave: cannot publish: " + e.getMessage());
            }
        }
    }

    /** Stops mining; what is still queued is not published. */
    @Override
    public void close() {
        open = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

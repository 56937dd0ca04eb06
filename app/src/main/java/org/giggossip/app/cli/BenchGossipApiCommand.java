package org.giggossip.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.giggossip.net.voidphone.ApiMessage.Notification;
import org.giggossip.net.voidphone.GossipApiClient;
import org.giggossip.net.voidphone.GossipApiServer;
import org.giggossip.net.voidphone.ItemDelivery;
import org.giggossip.net.voidphone.ItemGossipPort;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gg bench gossip-api}: items per second through one node's VoidPhone API.
 * A real {@link GossipApiServer} on 127.0.0.1 runs with a loopback gossip side that
 * hands every ANNOUNCE straight back to {@link GossipApiServer#deliver}, so the
 * measure is the API alone (framing, dispatch, notification, validation), not
 * spreading. N client connections announce; one subscriber connection receives
 * each NOTIFICATION and answers it with a VALIDATION. At most {@code --window}
 * items are in flight, so the subscriber is never dropped as a non-reader. One
 * warm-up run, then {@code --runs} measured runs; the last line of stdout is
 * {@code items_per_second=<median>}.
 */
@Command(
    name = "gossip-api",
    mixinStandardHelpOptions = true,
    description = "Measure items per second through the VoidPhone gossip API (announce, notify, validate).")
final class BenchGossipApiCommand implements Callable<Integer> {
    private static final int TYPE = 1337;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "4",
            description = "Announcing connections, 1 to 60 (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--items", paramLabel = "M", defaultValue = "20000",
            description = "Items per run, at least 1 (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--runs", paramLabel = "R", defaultValue = "5",
            description = "Measured runs after one warm-up run, at least 1 (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--size", paramLabel = "B", defaultValue = "64",
            description = "Data bytes per item, 0 to 65527 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--window", paramLabel = "W", defaultValue = "1000",
            description = "Items in flight at most, 1 to 4096 (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--io-threads", paramLabel = "T", defaultValue = "1",
            description = "The server's I/O threads (default: ${DEFAULT-VALUE}).")
    int ioThreads;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        check(clients >= 1 && clients <= 60, "--clients must be 1 to 60, got " + clients);
        check(items >= 1, "--items must be at least 1, got " + items);
        check(runs >= 1, "--runs must be at least 1, got " + runs);
        check(size >= 0 && size <= 65527, "--size must be 0 to 65527, got " + size);
        check(window >= 1 && window <= GossipApiServer.Options.DEFAULT_MAX_PENDING,
                "--window must be 1 to " + GossipApiServer.Options.DEFAULT_MAX_PENDING + ", got " + window);
        check(ioThreads >= 1 && ioThreads <= 16, "--io-threads must be 1 to 16, got " + ioThreads);
        PrintWriter out = cli.getOut();
        PrintWriter err = cli.getErr();
        out.printf("bench gossip-api: %d announcing client(s), 1 subscriber, %d items of %d bytes per run, "
                + "window %d, %d I/O thread(s), 1 warm-up + %d runs%n", clients, items, size, window, ioThreads, runs);
        out.flush();
        Loopback loopback = new Loopback();
        GossipApiServer.Options options = GossipApiServer.Options.defaults().withIoThreads(ioThreads)
                .withMaxClients(clients + 1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<GossipApiClient> open = new ArrayList<>();
        try (GossipApiServer server = GossipApiServer.start(new InetSocketAddress("127.0.0.1", 0), loopback, options)) {
            loopback.delivery = server;
            GossipApiClient subscriber = connect(server, open);
            subscriber.subscribe(TYPE);
            subscriber.announce(0, TYPE, new byte[0]); // comes back once the subscription is in place
            next(subscriber);
            List<GossipApiClient> announcers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                announcers.add(connect(server, open));
            }
            double[] rates = new double[runs];
            for (int r = 0; r <= runs; r++) {
                double rate = run(subscriber, announcers, pool, loopback);
                err.printf("bench gossip-api: %s: %,.0f items/s%n", r == 0 ? "warm-up" : "run " + r + "/" + runs, rate);
                err.flush();
                if (r > 0) {
                    rates[r - 1] = rate;
                }
            }
            Arrays.sort(rates);
            long median = Math.round(runs % 2 == 1 ? rates[runs / 2] : (rates[runs / 2 - 1] + rates[runs / 2]) / 2);
            out.printf("min %,.0f, median %,d, max %,.0f items/s; %,d validations passed on%n", rates[0], median,
                    rates[runs - 1], loopback.validations.get());
            out.printf("items_per_second=%d%n", median);
            out.flush();
            for (GossipApiClient c : open) {
                c.close(); // before the server, so that its close finds them gone
            }
            return 0;
        } catch (IOException e) {
            err.println(spec.qualifiedName() + ": " + e.getMessage());
            return 1;
        } finally {
            pool.shutdownNow();
            for (GossipApiClient c : open) {
                c.close(); // no-op when closed above
            }
        }
    }

    /** One run: the announcers send {@code items} in all, the subscriber receives and validates each. */
    private double run(GossipApiClient subscriber, List<GossipApiClient> announcers, ExecutorService pool,
            Loopback loopback) throws Exception {
        Semaphore inFlight = new Semaphore(window);
        byte[] data = new byte[size];
        long validatedBefore = loopback.validations.get();
        long start = System.nanoTime();
        List<Future<?>> sending = new ArrayList<>();
        for (int i = 0; i < announcers.size(); i++) {
            GossipApiClient c = announcers.get(i);
            int share = items / announcers.size() + (i < items % announcers.size() ? 1 : 0);
            sending.add(pool.submit(() -> {
                for (int k = 0; k < share; k++) {
                    if (!inFlight.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new IOException("no room in the window for " + WAIT);
                    }
                    c.announce(0, TYPE, data);
                }
                return null;
            }));
        }
        for (int received = 0; received < items; received++) {
            Notification n = next(subscriber);
            subscriber.validate(n.messageId(), true);
            inFlight.release();
        }
        long elapsed = System.nanoTime() - start;
        for (Future<?> f : sending) {
            f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        // The last VALIDATIONs are still on their way; wait for them so runs do not overlap.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (loopback.validations.get() - validatedBefore < items && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
        return items * 1e9 / elapsed;
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    private static GossipApiClient connect(GossipApiServer server, List<GossipApiClient> open) throws IOException {
        GossipApiClient c = GossipApiClient.connect(server.address(), WAIT);
        open.add(c);
        return c;
    }

    private static Notification next(GossipApiClient c) throws IOException {
        Optional<Notification> n = c.next(WAIT);
        return n.orElseThrow(() -> new IOException("no notification within " + WAIT));
    }

    /** The gossip side of the benchmark: every announcement is delivered straight back; validations counted. */
    private static final class Loopback implements ItemGossipPort {
        private final AtomicLong itemIds = new AtomicLong();
        final AtomicLong validations = new AtomicLong();
        volatile ItemDelivery delivery;

        @Override
        public void announce(int ttl, int dataType, byte[] data) {
            delivery.deliver(itemIds.incrementAndGet(), dataType, data);
        }

        @Override
        public void validated(long itemId, boolean valid) {
            validations.incrementAndGet();
        }
    }
}

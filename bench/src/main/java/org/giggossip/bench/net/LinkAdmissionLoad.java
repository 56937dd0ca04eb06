package org.giggossip.bench.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.pow.PowSolver;
import org.giggossip.net.admission.AdmissionPolicy;
import org.giggossip.net.link.LinkConfig;
import org.giggossip.net.link.LinkListener;
import org.giggossip.net.link.Links;
import org.giggossip.net.netty.AdmissionSolver;

/**
 * Connections admitted per second by one listening node over real sockets on
 * 127.0.0.1, through {@link Links}: TCP connect, the BOLT 8 handshake, the
 * proof-of-work admission both ways (each side solving on a {@link PowSolver}
 * thread, as in the daemon), the link registered on both sides, then closed.
 *
 * <p>One server {@code Links} listens; each connection is dialled by a fresh
 * client {@code Links} with a fresh identity (one link per peer), keeping
 * {@code --concurrency} dials in flight. Clients and server share this process,
 * its event loops and its CPUs, so the rate is what the machine does for both
 * ends of every connection. The server's per-address cap is raised, since every
 * dial comes from 127.0.0.1.
 *
 * <pre>
 * java -cp 'bench/target/classes:bench/target/lib/*' org.giggossip.bench.net.LinkAdmissionLoad \
 *     [--difficulty 65536] [--seconds 5] [--warmup 2] [--concurrency 4] [--event-loops 2]
 * </pre>
 * The last line printed is {@code admitted_per_second=<number>}.
 */
public final class LinkAdmissionLoad {
    private static final LinkListener QUIET = LinkListener.NONE;

    private LinkAdmissionLoad() {}

    public static void main(String[] args) throws Exception {
        double difficulty = 1 << 16;
        int seconds = 5;
        int warmup = 2;
        int concurrency = 4;
        int loops = 2;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : usage("missing value for " + args[i]);
            switch (args[i]) {
                case "--difficulty" -> difficulty = Double.parseDouble(value);
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--concurrency" -> concurrency = Integer.parseInt(value);
                case "--event-loops" -> loops = Integer.parseInt(value);
                default -> usage("unknown option " + args[i]);
            }
        }
        if (difficulty < 1 || seconds < 1 || warmup < 0 || concurrency < 1 || loops < 1) {
            usage("out of range");
        }
        System.out.println(run(difficulty, seconds, warmup, concurrency, loops));
    }

    private static String usage(String why) {
        System.err.println("LinkAdmissionLoad: " + why + "\nusage: [--difficulty D] [--seconds S] [--warmup W]"
                + " [--concurrency K] [--event-loops N]");
        System.exit(2);
        return "";
    }

    private static String run(double difficulty, int seconds, int warmup, int concurrency, int loops)
            throws InterruptedException {
        SecureRandom random = new SecureRandom();
        InstantSource clock = InstantSource.system();
        LinkConfig defaults = LinkConfig.defaults();
        LinkConfig config = new LinkConfig(AdmissionPolicy.ofDifficulty(difficulty, Duration.ofSeconds(10)),
                defaults.handshakeDeadline(), defaults.idle(), 4 * concurrency + 64, 4 * concurrency + 64,
                defaults.framesPerSecond(), defaults.bytesPerSecond(), defaults.outboundHighWater(),
                defaults.outboundLowWater());
        EventLoopGroup group = new NioEventLoopGroup(loops);
        ExecutorService closer = Executors.newSingleThreadExecutor();
        AdmissionSolver serverSolver = AdmissionSolver.of(new PowSolver(1, clock));
        AdmissionSolver clientSolver = AdmissionSolver.of(new PowSolver(1, clock));
        PrivateKey serverKey = PrivateKey.generate(random);
        AtomicLong admitted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Semaphore slots = new Semaphore(concurrency);
        try (Links server = Links.builder(serverKey, QUIET)
                .config(config).random(random).clock(clock).solver(serverSolver).group(group).build()) {
            InetSocketAddress address = server.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            long start = System.nanoTime();
            long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
            long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
            long admittedAtStart = -1;
            long failedAtStart = 0;
            while (System.nanoTime() < end) {
                if (!slots.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                if (admittedAtStart < 0 && System.nanoTime() >= measureFrom) {
                    admittedAtStart = admitted.get();
                    failedAtStart = failed.get();
                    measureFrom = System.nanoTime();
                }
                Links client = Links.builder(PrivateKey.generate(random), QUIET)
                        .config(config).random(random).clock(clock).solver(clientSolver).group(group).build();
                client.connect(serverKey.publicKey(), address).whenComplete((peer, error) -> {
                    (error == null ? admitted : failed).incrementAndGet();
                    closer.execute(() -> { // Links.close waits, so never on an event loop
                        client.close();
                        slots.release();
                    });
                });
            }
            long count = admitted.get() - Math.max(admittedAtStart, 0);
            long failures = failed.get() - failedAtStart;
            double elapsed = (System.nanoTime() - measureFrom) / 1e9;
            slots.acquire(concurrency); // let the last dials finish before closing the server
            return String.format("difficulty=%.0f concurrency=%d event_loops=%d seconds=%.2f admitted=%d failed=%d"
                    + " server_admitted_total=%d%nadmitted_per_second=%.1f", difficulty, concurrency, loops, elapsed,
                    count, failures, server.stats().admitted(), count / elapsed);
        } finally {
            closer.shutdown();
            closer.awaitTermination(10, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}

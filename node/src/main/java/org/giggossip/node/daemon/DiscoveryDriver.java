package org.giggossip.node.daemon;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.net.discovery.AddressStore;
import org.giggossip.net.discovery.Discovery;
import org.giggossip.net.discovery.DiscoveryConfig;
import org.giggossip.net.discovery.DiscoveryOutput;
import org.giggossip.net.discovery.PeerAddress;
import org.giggossip.net.link.MessageType;
import org.giggossip.node.host.EngineHost;
import org.giggossip.node.host.HostListener;
import org.giggossip.node.host.HostTrace;

/**
 * Runs the sans-I/O {@link Discovery} (seed 004, section 3) for a daemon on one
 * thread of its own: link changes and DISCOVERY messages in, sends, dials and
 * drops out, a tick every {@link #TICK} (or half a ping period, if that is
 * shorter). Its pings are the links' keep-alive.
 */
final class DiscoveryDriver implements HostListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DiscoveryDriver.class.getName());
    static final Duration TICK = Duration.ofSeconds(2);

    private final EngineHost host;
    private final Clock clock;
    private final Discovery discovery;
    private final ScheduledExecutorService thread;

    DiscoveryDriver(EngineHost host, AddressStore store, DiscoveryConfig config, Clock clock, List<PeerAddress> boot) {
        this.host = host;
        this.clock = clock;
        this.discovery = new Discovery(host.id(), config, store, new SecureRandom());
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "discovery");
            t.setDaemon(true);
            return t;
        });
        discovery.bootstrap(boot);
        host.handle(MessageType.DISCOVERY, (peer, body) -> run(() -> discovery.message(peer, body, clock.instant())));
        host.addListener(this);
        long tick = Math.max(50, Math.min(TICK.toMillis(), config.pingPeriod().toMillis() / 2));
        thread.scheduleWithFixedDelay(() -> run(() -> discovery.tick(clock.instant())), 0, tick,
                TimeUnit.MILLISECONDS);
    }

    /** The node's address book size, for status. */
    int known() {
        return call(discovery::size);
    }

    @Override
    public void trace(PublicKey node, Instant at, HostTrace trace) {
        if (trace instanceof HostTrace.Link link) {
            PublicKey peer = link.peer();
            if (link.up()) {
                String remote = host.links().remoteAddress(peer).map(InetSocketAddress::getHostString).orElse("");
                run(() -> discovery.linkUp(peer, link.outbound(), remote));
            } else {
                run(() -> discovery.linkDown(peer));
            }
        }
    }

    private void run(Supplier<List<DiscoveryOutput>> input) {
        try {
            thread.execute(() -> {
                try {
                    input.get().forEach(this::apply);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "discovery: a task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private <T> T call(java.util.concurrent.Callable<T> query) {
        try {
            return thread.submit(query).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("discovery did not answer: " + e);
        }
    }

    private void apply(DiscoveryOutput out) {
        switch (out) {
            case DiscoveryOutput.Send s -> host.links().send(s.peer(), MessageType.DISCOVERY, s.body());
            case DiscoveryOutput.Dial d -> {
                PeerAddress a = d.address();
                host.connect(a.id(), new InetSocketAddress(a.host(), a.port())).whenComplete((ok, error) -> {
                    if (error != null) {
                        LOG.log(System.Logger.Level.INFO, "dial " + a + " failed: " + error.getMessage());
                        run(() -> discovery.dialFailed(a, clock.instant()));
                    } else {
                        LOG.log(System.Logger.Level.INFO, "linked to " + a);
                    }
                });
            }
            case DiscoveryOutput.Drop d -> host.links().disconnect(d.peer(), "discovery: " + d.reason());
            case DiscoveryOutput.Penalise p -> {
                if (p.penalty().disconnects()) {
                    host.links().disconnect(p.peer(), "discovery: " + p.penalty());
                } else {
                    // at debug: a remote peer's fault must not flood the log; a close is logged by the links
                    LOG.log(System.Logger.Level.DEBUG, () -> "discovery: " + p.peer().hex().substring(0, 12)
                            + " penalised, " + p.penalty());
                }
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

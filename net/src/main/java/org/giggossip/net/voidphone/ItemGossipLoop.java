package org.giggossip.net.voidphone;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.net.link.LinkListener;
import org.giggossip.net.link.Links;
import org.giggossip.net.link.MessageType;

/**
 * Runs an {@link ItemGossip} on one thread of its own and carries out its
 * outputs: ITEM messages over a node's links, deliveries to the VoidPhone API
 * server ({@link ItemDelivery}), closes of misbehaving links. It is the
 * {@link ItemGossipPort} the API server calls and takes link changes and ITEM
 * bodies from any thread; every input is a task on its thread (docs/style.md 8).
 *
 * <p>It serves as the {@link LinkListener} of links that carry only items; a
 * node whose links carry more hands it ITEM bodies ({@link #message(PublicKey, byte[])})
 * and link changes itself.
 */
public final class ItemGossipLoop implements ItemGossipPort, LinkListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ItemGossipLoop.class.getName());

    /** Where items go out: a node's links. */
    public interface Transport {
        /** Sends one ITEM body to {@code peer}; false when it could not (no link, queue full). */
        boolean send(PublicKey peer, byte[] body);

        /** Closes the link to {@code peer} for {@code reason}. */
        void close(PublicKey peer, String reason);

        /** The transport of {@code links}. */
        static Transport of(Links links) {
            return new Transport() {
                @Override
                public boolean send(PublicKey peer, byte[] body) {
                    return links.send(peer, MessageType.ITEM, body);
                }

                @Override
                public void close(PublicKey peer, String reason) {
                    links.disconnect(peer, reason);
                }
            };
        }
    }

    private final ItemGossip gossip;
    private final Clock clock;
    private final ExecutorService thread;
    private volatile Transport transport;
    private volatile ItemDelivery delivery = (id, type, data) -> 0;

    /**
     * @param name a short name for the thread
     */
    public ItemGossipLoop(ItemGossip gossip, Clock clock, String name) {
        this.gossip = Objects.requireNonNull(gossip, "gossip");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "items-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Sends over {@code transport}; set before any link comes up. */
    public ItemGossipLoop transport(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
        return this;
    }

    /** Delivers to {@code delivery} (the API server); until then nobody here subscribes to anything. */
    public ItemGossipLoop deliverTo(ItemDelivery delivery) {
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        return this;
    }

    @Override
    public void announce(int ttl, int dataType, byte[] data) {
        byte[] copy = data.clone();
        run(() -> {
            try {
                return gossip.announce(ttl, dataType, copy, clock.instant());
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.INFO, "items: announcement refused: " + e.getMessage());
                return List.of();
            }
        });
    }

    @Override
    public void validated(long itemId, boolean valid) {
        run(() -> gossip.validated(itemId, valid, clock.instant()));
    }

    /** An ITEM body from {@code peer}'s link. */
    public void message(PublicKey peer, byte[] body) {
        run(() -> gossip.onItem(peer, body, clock.instant()));
    }

    /** The link to {@code peer} is up. */
    public void linkUp(PublicKey peer) {
        run(() -> gossip.peerUp(peer));
    }

    @Override
    public void linkUp(PublicKey peer, InetSocketAddress remote, boolean outbound) {
        linkUp(peer);
    }

    @Override
    public void linkDown(PublicKey peer, String reason) {
        run(() -> gossip.peerDown(peer));
    }

    /** Links that carry only items close on any other type. */
    @Override
    public void message(PublicKey peer, MessageType type, byte[] body) {
        if (type == MessageType.ITEM) {
            message(peer, body);
        } else {
            Transport t = transport;
            if (t != null) {
                t.close(peer, "link: " + type + " messages are not served here");
            }
        }
    }

    /** The counters of the spreading, read on its thread. */
    public ItemGossip.Stats stats() {
        return call(gossip::stats);
    }

    /** The peers items are spread to. */
    public List<PublicKey> peers() {
        return call(gossip::peers);
    }

    private <T> T call(Callable<T> query) {
        try {
            return thread.submit(query).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (Exception e) {
            throw new IllegalStateException("the item gossip did not answer: " + e);
        }
    }

    private void run(Supplier<List<ItemOutput>> input) {
        try {
            thread.execute(() -> {
                try {
                    apply(input.get());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "items: a task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closing: inputs after close are dropped
        }
    }

    private void apply(List<ItemOutput> outputs) {
        for (ItemOutput o : outputs) {
            switch (o) {
                case ItemOutput.Deliver d -> {
                    int subscribers;
                    try {
                        subscribers = delivery.deliver(d.itemId(), d.dataType(), d.data());
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.ERROR, "items: delivery failed", e);
                        subscribers = 0;
                    }
                    // on this thread, before any validation of it is taken: the count comes first
                    apply(gossip.delivered(d.itemId(), subscribers, clock.instant()));
                }
                case ItemOutput.Send s -> {
                    Transport t = transport;
                    if (t != null) {
                        t.send(s.peer(), s.body()); // refused when the peer's queue is full: gossip is lossy
                    }
                }
                case ItemOutput.Penalise p -> {
                    if (p.close()) {
                        Transport t = transport;
                        if (t != null) {
                            t.close(p.peer(), "item: " + p.penalty());
                        }
                    } else {
                        // at debug: a remote peer's fault must not flood the log; the close is logged by the links
                        LOG.log(System.Logger.Level.DEBUG,
                                () -> "item: " + p.peer().hex().substring(0, 12) + " penalised, " + p.penalty());
                    }
                }
                case ItemOutput.Dropped d -> LOG.log(System.Logger.Level.TRACE,
                        () -> "items: dropped an item from " + d.peer().hex().substring(0, 12) + ": " + d.reason());
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

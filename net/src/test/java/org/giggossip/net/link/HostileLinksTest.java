package org.giggossip.net.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.pow.PowSolver;
import org.giggossip.net.admission.AdmissionPayload.Role;
import org.giggossip.net.admission.AdmissionPolicy;
import org.giggossip.net.netty.AdmissionHandler;
import org.giggossip.net.netty.AdmissionSolver;
import org.giggossip.net.netty.Bolt8HandshakeHandler;
import org.giggossip.net.netty.PeerAdmitted;
import org.giggossip.net.noise.Bolt8Handshake;
import org.giggossip.net.noise.Bolt8Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile peers against a real node over sockets on 127.0.0.1 (issue 4,
 * deliverable 7): garbage, a truncated Act One, silence, one byte every 200 ms, and
 * admitted peers that send an oversized body, an unknown message type, a replayed
 * ciphertext, or stop reading. Each attacker's connection is closed (a raw socket
 * reads EOF) with a logged reason (the {@link CloseLog} line, captured from
 * {@code java.util.logging}) or a reported one ({@link LinkListener#linkDown}),
 * while a good peer keeps exchanging messages with the node after, and during,
 * every attack. Short limits keep the whole class to about 15 s.
 */
class HostileLinksTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration DEADLINE = Duration.ofMillis(1500);
    private static final Duration IDLE = Duration.ofSeconds(3);
    private static final AdmissionPolicy POLICY = AdmissionPolicy.ofDifficulty(256, Duration.ofMillis(1400));
    private static final LinkConfig CONFIG = new LinkConfig(POLICY, DEADLINE, IDLE, 64, 32, 200, 8_000_000,
            256 << 10, 128 << 10);
    /** A bound on waits for the node's threads (generous: it is no performance figure). */
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DEADLINE_REASON = "limits: handshake and admission not done within " + DEADLINE;

    private final PowSolver pow = new PowSolver(1, InstantSource.system());
    private final AdmissionSolver solver = AdmissionSolver.of(pow);
    private final List<AutoCloseable> closers = new ArrayList<>();
    private final Logger julLogger = Logger.getLogger(Links.class.getName()); // held: JUL keeps loggers weakly
    private final LogCapture log = new LogCapture();
    private final NioEventLoopGroup attackers = new NioEventLoopGroup(1);
    private Node node;
    private Node good;
    private Thread keepAlive;
    private int round;

    /** Lines logged by Links (through its CloseLog). */
    static final class LogCapture extends Handler {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        /** The first line matching, waiting up to {@link #WAIT} for it. */
        String await(Predicate<String> match) {
            Awaitility.await("a close line logged").atMost(WAIT).pollInterval(Duration.ofMillis(10))
                    .untilAsserted(() -> assertThat(lines).anyMatch(match));
            return lines.stream().filter(match).findFirst().orElseThrow();
        }
    }

    /** What a node's listener saw. */
    record Seen(String what, PublicKey peer, MessageType type, byte[] body) {}

    /** A node under test: Links and a listener that records everything. */
    final class Node implements LinkListener {
        final PrivateKey key = PrivateKey.generate(RANDOM);
        final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        final List<Seen> history = new CopyOnWriteArrayList<>();
        final Links links = Links.builder(key, this)
                .config(CONFIG).random(RANDOM).clock(InstantSource.system()).solver(solver).build();
        final InetSocketAddress address;

        Node() {
            closers.add(links);
            address = links.listen(new InetSocketAddress("127.0.0.1", 0));
        }

        PublicKey id() {
            return key.publicKey();
        }

        @Override
        public void linkUp(PublicKey peer, InetSocketAddress remote, boolean outbound) {
            record(new Seen("up", peer, null, null));
        }

        @Override
        public void linkDown(PublicKey peer, String reason) {
            record(new Seen("down:" + reason, peer, null, null));
        }

        @Override
        public void message(PublicKey peer, MessageType type, byte[] body) {
            if (type != MessageType.DISCOVERY) { // keep-alive chatter is not recorded
                record(new Seen("message", peer, type, body));
            }
        }

        private void record(Seen s) {
            history.add(s);
            seen.add(s);
        }

        /** Waits up to {@link #WAIT} for an event from {@code peer} matching {@code match}, skipping others. */
        Seen await(PublicKey peer, Predicate<Seen> match) throws InterruptedException {
            long end = System.nanoTime() + WAIT.toNanos(); // the events' queue wakes this: no polling
            for (long left; (left = end - System.nanoTime()) > 0; ) {
                Seen s = seen.poll(left, TimeUnit.NANOSECONDS);
                if (s != null && s.peer().equals(peer) && match.test(s)) {
                    return s;
                }
            }
            return fail("no matching event from " + peer + " within " + WAIT + "; history " + history);
        }
    }

    @BeforeEach
    void start() throws Exception {
        julLogger.addHandler(log);
        node = new Node();
        good = new Node();
        assertThat(good.links.connect(node.id(), node.address).get(10, TimeUnit.SECONDS)).isEqualTo(node.id());
        good.await(node.id(), s -> s.what().equals("up"));
        node.await(good.id(), s -> s.what().equals("up"));
        // the application's keep-alive (seed 004's ping), both ways, so the idle timer spares the good link
        keepAlive = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                good.links.send(node.id(), MessageType.DISCOVERY, new byte[] {1});
                node.links.send(good.id(), MessageType.DISCOVERY, new byte[] {2});
                try {
                    Thread.sleep(300); // the keep-alive's pace, not a wait for anything
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        keepAlive.interrupt();
        keepAlive.join();
        for (AutoCloseable c : closers) {
            c.close();
        }
        attackers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        julLogger.removeHandler(log);
    }

    /** The good peer and the node still exchange messages both ways, and their link never went down. */
    private void goodPeerStillServed() throws InterruptedException {
        round++;
        byte[] ping = ("ping " + round).getBytes(StandardCharsets.US_ASCII);
        byte[] pong = ("pong " + round).getBytes(StandardCharsets.US_ASCII);
        assertThat(good.links.send(node.id(), MessageType.GOSSIP, ping)).isTrue();
        assertThat(node.await(good.id(), s -> s.what().equals("message")).body()).isEqualTo(ping);
        assertThat(node.links.send(good.id(), MessageType.GOSSIP, pong)).isTrue();
        assertThat(good.await(node.id(), s -> s.what().equals("message")).body()).isEqualTo(pong);
        assertThat(good.history).noneMatch(s -> s.what().startsWith("down"));
        assertThat(node.history).noneMatch(s -> s.peer().equals(good.id()) && s.what().startsWith("down"));
        assertThat(node.links.peers()).contains(good.id());
    }

    private Socket raw() throws IOException {
        Socket s = new Socket();
        closers.add(s);
        s.connect(node.address, 2000);
        s.setSoTimeout((int) WAIT.toMillis());
        return s;
    }

    /** Reads until the node closes the socket: EOF or a reset; fails on a {@link #WAIT} read timeout. */
    private static void assertClosedByNode(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            byte[] buf = new byte[256];
            while (in.read(buf) != -1) {
                // the node may send an act before it closes
            }
        } catch (SocketTimeoutException e) {
            fail("the node did not close the connection within " + WAIT);
        } catch (SocketException reset) {
            // closed with a reset: also closed
        }
    }

    /** The CloseLog line for a raw socket: "closed /127.0.0.1:PORT: reason". */
    private String closeLine(Socket s) throws InterruptedException {
        String prefix = "closed /127.0.0.1:" + s.getLocalPort() + ": ";
        return log.await(l -> l.startsWith(prefix)).substring(prefix.length());
    }

    private byte[] actOne() {
        return Bolt8Handshake.initiator(PrivateKey.generate(RANDOM), node.id(), RANDOM).start();
    }

    @Test
    void rawSocketAttacksAreClosedWithALoggedReasonWhileTheGoodPeerIsServed() throws Exception {
        // garbage
        Socket garbage = raw();
        byte[] junk = new byte[200];
        RANDOM.nextBytes(junk);
        junk[0] = 7; // not version 0
        garbage.getOutputStream().write(junk);
        assertClosedByNode(garbage);
        assertThat(closeLine(garbage)).isEqualTo("BOLT 8 handshake failed: ACT1_BAD_VERSION 7");
        goodPeerStillServed();

        // a truncated Act One, then nothing; and a peer that sends nothing at all
        Socket truncated = raw();
        truncated.getOutputStream().write(Arrays.copyOf(actOne(), 30));
        Socket silent = raw();
        long start = System.nanoTime();
        goodPeerStillServed(); // during both attacks
        assertClosedByNode(truncated);
        assertClosedByNode(silent);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(DEADLINE.minusMillis(300));
        assertThat(closeLine(truncated)).isEqualTo(DEADLINE_REASON);
        assertThat(closeLine(silent)).isEqualTo(DEADLINE_REASON);
        goodPeerStillServed();
    }

    @Test
    void aSlowlorisIsClosedByTheHandshakeDeadline() throws Exception {
        Socket slow = raw();
        byte[] act = actOne();
        OutputStream out = slow.getOutputStream();
        CompletableFuture<Integer> sent = new CompletableFuture<>();
        long start = System.nanoTime();
        Thread.ofVirtual().start(() -> {
            int i = 0;
            try {
                for (; i < act.length; i++) {
                    out.write(act[i]);
                    out.flush();
                    Thread.sleep(200); // the attack under test: one byte every 200 ms
                }
            } catch (IOException | InterruptedException e) {
                // the node closed us
            }
            sent.complete(i);
        });
        goodPeerStillServed(); // during the attack
        assertClosedByNode(slow);
        // not before the deadline; that it came before Act One was done is asserted below
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(DEADLINE.minusMillis(300));
        assertThat(closeLine(slow)).isEqualTo(DEADLINE_REASON);
        slow.close();
        assertThat(sent.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("Act One was never finished").isLessThan(act.length);
        goodPeerStillServed();
    }

    /** A peer that passes the handshake and admission honestly, then misbehaves; it taps its own ciphertexts. */
    final class Attacker extends ChannelDuplexHandler {
        final PrivateKey key = PrivateKey.generate(RANDOM);
        final CompletableFuture<Void> admitted = new CompletableFuture<>();
        final List<byte[]> wire = Collections.synchronizedList(new ArrayList<>());
        volatile ChannelHandlerContext tap;
        Channel channel;

        Attacker connect() throws Exception {
            Attacker self = this;
            channel = new Bootstrap().group(attackers).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast("tap", self);
                            ch.pipeline().addLast("bolt8", new Bolt8HandshakeHandler(
                                    Bolt8Handshake.initiator(key, node.id(), RANDOM), Bolt8Transport.MAX_MESSAGE_SIZE));
                            ch.pipeline().addLast("admission", new AdmissionHandler(Role.INITIATOR, key.publicKey(),
                                    POLICY, RANDOM, InstantSource.system(), solver));
                            ch.pipeline().addLast("sink", new ChannelInboundHandlerAdapter() {
                                @Override
                                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                    if (evt instanceof PeerAdmitted) {
                                        admitted.complete(null);
                                    }
                                }

                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ReferenceCountUtil.release(msg);
                                }
                            });
                        }
                    }).connect(node.address).sync().channel();
            admitted.get(5, TimeUnit.SECONDS);
            node.await(key.publicKey(), s -> s.what().equals("up"));
            return this;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            tap = ctx;
        }

        /** Records every ciphertext on its way to the socket. */
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ByteBuf buf) {
                wire.add(ByteBufUtil.getBytes(buf));
            }
            ctx.write(msg, promise);
        }

        /** One message through the BOLT 8 session: a type byte and a body, as Links would frame it. */
        void send(int type, byte[] body) throws InterruptedException {
            ByteBuf buf = Unpooled.buffer(1 + body.length).writeByte(type).writeBytes(body);
            channel.writeAndFlush(buf).sync();
        }

        /** Bytes straight to the socket, below the encryption. */
        void sendRaw(byte[] bytes) throws InterruptedException {
            tap.writeAndFlush(Unpooled.wrappedBuffer(bytes)).sync();
        }

        /** The node closed us: it reported and logged why, and our socket sees the close. */
        String closedReason() throws InterruptedException {
            String reason = node.await(key.publicKey(), s -> s.what().startsWith("down:")).what().substring(5);
            String logged = log.await(l -> l.contains(" " + key.publicKey().hex().substring(0, 12) + ": "));
            assertThat(logged).endsWith(": " + reason);
            channel.config().setAutoRead(true); // a peer that stopped reading must read to see the close
            assertThat(channel.closeFuture().await(WAIT.toMillis())).as("the node closed the link").isTrue();
            return reason;
        }
    }

    @Test
    void admittedPeersThatBreakTheProtocolAreClosedWithTheirReason() throws Exception {
        Attacker oversized = new Attacker().connect();
        oversized.send(MessageType.DISCOVERY.code(), new byte[MessageType.DISCOVERY.maxBody() + 1]);
        assertThat(oversized.closedReason()).isEqualTo("link: DISCOVERY body of " + (MessageType.DISCOVERY.maxBody() + 1)
                + " bytes over its limit of " + MessageType.DISCOVERY.maxBody());
        goodPeerStillServed();

        Attacker unknown = new Attacker().connect();
        unknown.send(99, new byte[] {1, 2, 3});
        assertThat(unknown.closedReason()).isEqualTo("link: unknown message type 99");
        goodPeerStillServed();

        Attacker replayer = new Attacker().connect();
        byte[] body = "an honest message".getBytes(StandardCharsets.US_ASCII);
        replayer.send(MessageType.GOSSIP.code(), body);
        assertThat(node.await(replayer.key.publicKey(), s -> s.what().equals("message")).body()).isEqualTo(body);
        byte[] recorded = replayer.wire.getLast();
        assertThat(recorded).hasSize(Bolt8Transport.HEADER_SIZE + 1 + body.length + Bolt8Transport.TAG_SIZE);
        replayer.sendRaw(recorded);
        assertThat(replayer.closedReason()).startsWith("BOLT 8 read failed: LENGTH_BAD_TAG");
        assertThat(node.history.stream().filter(x -> x.peer().equals(replayer.key.publicKey())
                && x.what().equals("message"))).as("the replay was not delivered").hasSize(1);
        goodPeerStillServed();
    }

    @Test
    void anAdmittedPeerThatStopsReadingIsRefusedThenClosed() throws Exception {
        Attacker deaf = new Attacker().connect();
        deaf.channel.config().setAutoRead(false);
        // it keeps pinging, so only the outbound limit can catch it
        Thread pinger = Thread.ofVirtual().start(() -> {
            try {
                while (deaf.channel.isActive()) {
                    deaf.send(MessageType.DISCOVERY.code(), new byte[] {0});
                    Thread.sleep(300); // the pinging peer's pace, not a wait for anything
                }
            } catch (InterruptedException e) {
                // stopped
            }
        });
        // the node keeps offering, as a busy node would; it is refused while the queue is full
        byte[] big = new byte[MessageType.SERVICE.maxBody()];
        int[] accepted = {0};
        Thread producer = Thread.ofVirtual().start(() -> {
            try {
                while (deaf.channel.isActive() && accepted[0] < 20_000) {
                    if (node.links.send(deaf.key.publicKey(), MessageType.SERVICE, big)) {
                        accepted[0]++;
                    } else {
                        Thread.sleep(5); // a busy node's retry pace while the queue is full
                    }
                }
            } catch (InterruptedException e) {
                // stopped
            }
        });
        try {
            Awaitility.await("sends refused over the high water mark").atMost(WAIT).pollInterval(Duration.ofMillis(10))
                    .until(() -> node.links.stats().refusedSends() > 0);
            goodPeerStillServed(); // the good peer is not held up by the deaf one's queue
            assertThat(deaf.closedReason()).isEqualTo("limits: peer not reading for " + IDLE);
        } finally {
            pinger.interrupt();
            producer.interrupt();
            producer.join();
        }
        assertThat(accepted[0]).as("the queue stayed bounded").isLessThan(20_000);
        goodPeerStillServed();
    }
}

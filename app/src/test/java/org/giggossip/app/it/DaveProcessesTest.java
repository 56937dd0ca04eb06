package org.giggossip.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.Decoded;
import org.giggossip.net.dave.DaveCodec;
import org.giggossip.net.dave.DaveConfig;
import org.giggossip.net.dave.DaveMsg;
import org.giggossip.net.dave.DaveWork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five {@code gg dave node} processes on 127.0.0.1 (issue 6): values set through one
 * ({@code gg dave setdat} as a process, or a raw SETDAT datagram) are fetched through
 * every one ({@code gg dave getdat} as a process for some, raw GETDATs for the rest), an
 * unknown work makes {@code getdat} exit 1, and junk sent to one node does not stop it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DaveProcessesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    private static InetSocketAddress listening(GgProcess p) throws InterruptedException {
        String at = p.await("^listening on 127\\.0\\.0\\.1:([0-9]+)$", WAIT).group(1);
        return new InetSocketAddress(LOOPBACK, Integer.parseInt(at));
    }

    private static String text(InetSocketAddress a) {
        return "127.0.0.1:" + a.getPort();
    }

    @Test
    void valuesSetThroughAnyNodeAreFetchedThroughEveryNodeAndJunkDoesNotStopOne() throws Exception {
        List<GgProcess> nodes = new ArrayList<>();
        try {
            nodes.add(GgProcess.start("dave0", dir, "dave", "node", "--listen", "127.0.0.1:0", "--work", "2"));
            InetSocketAddress first = listening(nodes.get(0));
            for (int i = 1; i < 5; i++) {
                nodes.add(GgProcess.start("dave" + i, dir, "dave", "node", "--listen", "127.0.0.1:0", "--work", "2",
                        "--bootstrap", text(first)));
            }
            List<InetSocketAddress> at = new ArrayList<>();
            for (GgProcess n : nodes) {
                at.add(listening(n));
            }

            // one value through gg dave setdat (a process) to node 2
            GgProcess set = GgProcess.start("setdat", dir, "dave", "setdat", "--via", text(at.get(2)), "--work", "2",
                    "--tag", "proc", "value one");
            assertThat(set.waitFor(WAIT)).as(set.output()).isZero();
            String work1 = set.await("^([0-9a-f]{64})$", WAIT).group(1);
            assertThat(work1).startsWith("0000");
            nodes.get(2).await("^SETDAT from 127\\.0\\.0\\.1:[0-9]+ work " + work1 + " strength [2-9] tag \"proc\""
                    + " val \"value one\"$", WAIT);

            // another as a raw SETDAT datagram to node 4
            DaveMsg dat2 = DaveWork.solve(new byte[0], "value two".getBytes(StandardCharsets.UTF_8), new byte[0], 2,
                    new SecureRandom());
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
                byte[] b = DaveCodec.encode(dat2);
                s.send(new DatagramPacket(b, b.length, at.get(4)));
            }
            nodes.get(4).await("^SETDAT from .* work " + Hex.encode(dat2.work()) + " ", WAIT);

            // both fetched through every node: gg dave getdat for value one through nodes 0 and 3,
            // raw GETDATs for the rest
            for (int i : new int[] {0, 3}) {
                GgProcess get = GgProcess.start("getdat" + i, dir, "dave", "getdat", "--via", text(at.get(i)),
                        "--timeout", "10s", work1);
                assertThat(get.waitFor(WAIT)).as(get.output()).isZero();
                assertThat(get.output().lines()).contains("value one");
                assertThat(get.output()).contains("tag \"proc\"");
            }
            for (int i = 0; i < 5; i++) {
                if (i != 0 && i != 3) {
                    assertThat(fetch(at.get(i), Hex.decode(work1))).as("value one through node " + i)
                            .map(m -> new String(m.val(), StandardCharsets.UTF_8)).contains("value one");
                }
                assertThat(fetch(at.get(i), dat2.work())).as("value two through node " + i)
                        .map(m -> new String(m.val(), StandardCharsets.UTF_8)).contains("value two");
            }

            // an unknown work: exit 1 after the timeout
            GgProcess unknown = GgProcess.start("getdat-unknown", dir, "dave", "getdat", "--via", text(at.get(1)),
                    "--timeout", "1s", "cd".repeat(32));
            assertThat(unknown.waitFor(WAIT)).as(unknown.output()).isEqualTo(1);
            assertThat(unknown.output()).contains("no value for " + "cd".repeat(32));

            // junk to node 3 from one socket; it still serves another, and lives
            SplittableRandom r = new SplittableRandom(6);
            try (DatagramSocket junk = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
                for (int i = 0; i < 1000; i++) {
                    byte[] b = new byte[i % 3 == 0 ? 1501 + r.nextInt(2000) : 1 + r.nextInt(1500)];
                    r.nextBytes(b);
                    if (i % 3 == 2) {
                        b = DaveCodec.encode(DaveMsg.getDat(Hex.decode(work1), List.of("[fe80::1%junk" + i + "]:1")));
                    }
                    junk.send(new DatagramPacket(b, b.length, at.get(3)));
                }
            }
            assertThat(fetch(at.get(3), Hex.decode(work1))).as("value one through node 3 after the junk")
                    .map(m -> new String(m.val(), StandardCharsets.UTF_8)).contains("value one");
            assertThat(nodes.get(3).alive()).isTrue();
            assertThat(nodes.get(3).output()).doesNotContain("Exception");

            for (GgProcess n : nodes) {
                assertThat(n.terminate(Duration.ofSeconds(15))).isEqualTo(143); // 128 + SIGTERM, after the hook
            }
        } finally {
            for (GgProcess n : nodes) {
                n.close();
            }
        }
    }

    /** A raw GETDAT to {@code via}, sent again every half second for up to 10 s; the DAT if one came. */
    private static Optional<DaveMsg> fetch(InetSocketAddress via, byte[] work) throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            s.setSoTimeout(500);
            byte[] ask = DaveCodec.encode(DaveMsg.getDat(work, List.of()));
            byte[] buf = new byte[DaveConfig.PACKET_SIZE + 1];
            for (int i = 0; i < 20; i++) {
                s.send(new DatagramPacket(ask, ask.length, via));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (DaveCodec.decode(Arrays.copyOf(buf, p.getLength())) instanceof Decoded.Ok<DaveMsg> ok
                        && ok.value().op() == DaveMsg.Op.DAT && Arrays.equals(ok.value().work(), work)
                        && DaveWork.check(ok.value()) >= 2) {
                    return Optional.of(ok.value());
                }
            }
            return Optional.empty();
        }
    }
}

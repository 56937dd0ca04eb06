package org.giggossip.net.voidphone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.giggossip.core.util.Hex;
import org.giggossip.net.voidphone.ApiMessage.Notification;
import org.giggossip.net.voidphone.RecordingGossipPort.Announced;
import org.giggossip.net.voidphone.RecordingGossipPort.Validated;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The API server over real sockets on 127.0.0.1, with a recording gossip side. */
@Timeout(60)
class GossipApiServerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SPEC_ANNOUNCE = "001001f404000539" + "6465616462656566";
    private static final String SPEC_NOTIFY = "000801f500000539";
    private static final Announced DEADBEEF = new Announced(4, 1337, Hex.encode(ascii("deadbeef")));

    private final RecordingGossipPort port = new RecordingGossipPort();
    private final List<AutoCloseable> open = new ArrayList<>();
    private GossipApiServer server;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void specBytesWrittenOneByteAtATime() throws Exception {
        start(GossipApiServer.Options.defaults());
        Socket raw = raw();
        for (byte b : Hex.decode(SPEC_NOTIFY + SPEC_ANNOUNCE)) {
            raw.getOutputStream().write(b);
            raw.getOutputStream().flush();
        }
        assertThat(port.nextAnnounced(WAIT)).isEqualTo(DEADBEEF);
        // The NOTIFY came first on the same connection, so the subscription is in place.
        assertThat(server.deliver(42, 1337, ascii("hi"))).isEqualTo(1);
        assertThat(Hex.encode(raw.getInputStream().readNBytes(10))).isEqualTo("000a01f6" + "0000" + "0539" + "6869");
    }

    @Test
    void severalMessagesInOneWrite() throws Exception {
        start(GossipApiServer.Options.defaults());
        Socket raw = raw();
        raw.getOutputStream().write(Hex.decode(SPEC_ANNOUNCE + SPEC_NOTIFY + SPEC_ANNOUNCE + "000901f400000007ff"));
        assertThat(port.nextAnnounced(WAIT)).isEqualTo(DEADBEEF);
        assertThat(port.nextAnnounced(WAIT)).isEqualTo(DEADBEEF);
        assertThat(port.nextAnnounced(WAIT)).isEqualTo(new Announced(0, 7, "ff"));
        assertThat(server.deliver(1, 1337, new byte[0])).isEqualTo(1);
    }

    @Test
    void validationsMapToTheItemOfEachConnection() throws Exception {
        start(GossipApiServer.Options.defaults());
        GossipApiClient a = client();
        GossipApiClient b = client();
        a.subscribe(2);
        a.subscribe(1);
        b.subscribe(1);
        awaitSubscribed(a, 1, b);
        assertThat(server.deliver(7, 2, ascii("only a"))).isEqualTo(1);
        assertThat(server.deliver(100, 1, ascii("x"))).isEqualTo(2);
        assertThat(server.deliver(200, 1, ascii("y"))).isEqualTo(2);

        List<Notification> atA = List.of(next(a), next(a), next(a));
        List<Notification> atB = List.of(next(b), next(b));
        assertThat(atA).extracting(Notification::dataType).containsExactly(2, 1, 1);
        assertThat(atB).extracting(n -> new String(n.data(), StandardCharsets.US_ASCII)).containsExactly("x", "y");
        // Ids are per connection: the same item has different ids on a and b.
        assertThat(atA.get(2).messageId()).isNotEqualTo(atB.get(1).messageId());

        a.validate(atA.get(2).messageId(), true); // a: item 200 valid
        b.validate(atB.get(0).messageId(), false); // b: item 100 invalid
        assertThat(port.nextValidated(WAIT)).isEqualTo(new Validated(200, true));
        assertThat(port.nextValidated(WAIT)).isEqualTo(new Validated(100, false));

        // An unknown id, and an id answered already, are ignored; the connection stays.
        a.validate(0xfff0, true);
        a.validate(atA.get(2).messageId(), false);
        a.validate(atA.get(0).messageId(), true);
        assertThat(port.nextValidated(WAIT)).isEqualTo(new Validated(7, true));
        assertThat(server.deliver(300, 1, ascii("z"))).isEqualTo(2);
        assertThat(next(a).data()).isEqualTo(ascii("z"));
        assertThat(port.validated).isEmpty();
    }

    @Test
    void forgottenIdsAreIgnoredWhenTheTableIsFull() throws Exception {
        start(GossipApiServer.Options.defaults().withMaxPendingValidations(2));
        GossipApiClient a = client();
        a.subscribe(9);
        awaitSubscribed(a, 9);
        for (long item = 1; item <= 3; item++) {
            server.deliver(item, 9, new byte[] {(byte) item});
        }
        Notification first = next(a);
        next(a);
        Notification third = next(a);
        a.validate(first.messageId(), true); // forgotten: only the last 2 are kept
        a.validate(third.messageId(), true);
        assertThat(port.nextValidated(WAIT)).isEqualTo(new Validated(3, true));
        assertThat(port.validated).isEmpty();
    }

    @Test
    void misbehavingClientsAreDisconnectedAndOthersKeepBeingServed() throws Exception {
        start(GossipApiServer.Options.defaults().withIncompleteTimeout(Duration.ofMillis(300)));
        GossipApiClient good = client();
        good.subscribe(5);
        awaitSubscribed(good, 5);
        String[] hostile = {
            "0008020800000539",           // unknown type 520
            "000901f5000005390a",         // NOTIFY of 9 bytes
            "000701f7000301",             // VALIDATION of 7 bytes
            "000301f4",                   // size under the header
            "000a01f60001053900ff",       // a NOTIFICATION from a client
            "ffff01f4" + "00".repeat(20), // a huge size, then nothing
        };
        long item = 0;
        for (String bytes : hostile) {
            Socket bad = raw();
            bad.getOutputStream().write(Hex.decode(SPEC_NOTIFY.replace("0539", "0005") + bytes));
            assertClosedByServer(bad);
            assertThat(server.deliver(++item, 5, ascii("still here"))).as("after %s", bytes).isEqualTo(1);
            assertThat(next(good).data()).isEqualTo(ascii("still here"));
        }
        await("only the good client left").atMost(WAIT).until(() -> server.clients() == 1);
    }

    @Test
    void aClientThatDoesNotReadIsDisconnected() throws Exception {
        start(GossipApiServer.Options.defaults().withOutboundHighWater(256 * 1024));
        GossipApiClient good = client();
        good.subscribe(5);
        Socket lazy = new Socket();
        lazy.setReceiveBufferSize(4096);
        lazy.connect(server.address());
        open.add(lazy);
        lazy.getOutputStream().write(Hex.decode("000801f500000006"));
        awaitSubscribed(good, 5);
        await("lazy subscribed").atMost(WAIT).pollInterval(Duration.ofMillis(5))
                .until(() -> server.deliver(0, 6, new byte[0]) == 1);
        byte[] big = new byte[60_000];
        int sent = 0;
        // Bounded: kernel buffers on both sides plus the high-water mark hold far less than 1000 x 60 kB.
        while (sent < 1000 && server.deliver(sent, 6, big) == 1) {
            sent++;
        }
        assertThat(sent).as("deliveries before the lazy client was dropped").isLessThan(1000);
        assertClosedByServer(lazy);
        assertThat(server.deliver(1, 5, ascii("fine"))).isEqualTo(1);
        assertThat(next(good).data()).isEqualTo(ascii("fine"));
    }

    @Test
    void fiftyClientsAtOnce() throws Exception {
        start(GossipApiServer.Options.defaults());
        List<GossipApiClient> clients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            GossipApiClient c = client();
            c.subscribe(77);
            c.announce(i % 256, 77, new byte[] {(byte) i});
            clients.add(c);
        }
        List<Announced> announced = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            announced.add(port.nextAnnounced(WAIT));
        }
        assertThat(announced).extracting(Announced::dataHex).doesNotHaveDuplicates().hasSize(50);
        assertThat(server.clients()).isEqualTo(50);
        // Every NOTIFY came before its client's ANNOUNCE, so all 50 are subscribed now.
        assertThat(server.deliver(4242, 77, ascii("to all"))).isEqualTo(50);
        for (GossipApiClient c : clients) {
            Notification n = next(c);
            assertThat(n.data()).isEqualTo(ascii("to all"));
            c.validate(n.messageId(), true);
        }
        for (int i = 0; i < 50; i++) {
            assertThat(port.nextValidated(WAIT)).isEqualTo(new Validated(4242, true));
        }
    }

    @Test
    void connectionsOverTheLimitAreClosedAtOnce() throws Exception {
        start(GossipApiServer.Options.defaults().withMaxClients(2));
        GossipApiClient a = client();
        GossipApiClient b = client();
        a.subscribe(1);
        b.subscribe(1);
        awaitSubscribed(a, 1, b);
        Socket third = raw();
        assertClosedByServer(third);
        assertThat(server.clients()).isEqualTo(2);
        assertThat(server.deliver(1, 1, new byte[0])).isEqualTo(2);
    }

    @Test
    void aClosedConnectionsSubscriptionsEnd() throws Exception {
        start(GossipApiServer.Options.defaults());
        GossipApiClient a = client();
        a.subscribe(3);
        awaitSubscribed(a, 3);
        a.close();
        await("the server saw the close").atMost(WAIT).until(() -> server.clients() == 0);
        assertThat(server.deliver(1, 3, new byte[0])).isZero();
    }

    @Test
    void bindsAFreePortAndRefusesATakenOne() throws Exception {
        start(GossipApiServer.Options.defaults());
        assertThat(server.address().getPort()).isPositive();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GossipApiServer.start(server.address(), port,
                GossipApiServer.Options.defaults())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot listen on");
    }

    private void start(GossipApiServer.Options options) {
        server = GossipApiServer.start(new InetSocketAddress("127.0.0.1", 0), port, options);
    }

    private GossipApiClient client() throws IOException {
        GossipApiClient c = GossipApiClient.connect(server.address(), WAIT);
        open.add(c);
        return c;
    }

    private Socket raw() throws IOException {
        Socket s = new Socket();
        s.connect(server.address(), (int) WAIT.toMillis());
        open.add(s);
        return s;
    }

    private static Notification next(GossipApiClient c) throws IOException {
        return c.next(WAIT).orElseThrow(() -> new AssertionError("no notification within " + WAIT));
    }

    /**
     * Waits until {@code first} (and {@code more}) are subscribed to {@code type}: an
     * ANNOUNCE after the NOTIFY on the same connection is handled after it.
     */
    private void awaitSubscribed(GossipApiClient first, int type, GossipApiClient... more) throws Exception {
        List<GossipApiClient> all = new ArrayList<>(List.of(more));
        all.add(first);
        for (GossipApiClient c : all) {
            c.announce(0, 0xfffe, ascii("sync"));
            assertThat(port.nextAnnounced(WAIT).dataType()).isEqualTo(0xfffe);
        }
    }

    /** The server closes {@code s}: a read ends the stream (or resets it) before the timeout. */
    private static void assertClosedByServer(Socket s) throws IOException {
        s.setSoTimeout((int) WAIT.toMillis());
        InputStream in = s.getInputStream();
        try {
            byte[] sink = new byte[64 * 1024];
            for (int i = 0; i < 100_000; i++) {
                if (in.read(sink) < 0) {
                    return;
                }
            }
            throw new AssertionError("the server kept sending");
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + WAIT);
        } catch (IOException reset) {
            // A reset is a close too.
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

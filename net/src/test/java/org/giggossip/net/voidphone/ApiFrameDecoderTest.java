package org.giggossip.net.voidphone;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.giggossip.core.util.Hex;
import org.giggossip.net.netty.ConnectionClosed;
import org.giggossip.net.voidphone.VoidPhoneCodec.Sender;
import org.junit.jupiter.api.Test;

/** Reassembly by size and refusal of malformed streams, on an {@link EmbeddedChannel} (no sockets). */
class ApiFrameDecoderTest {
    private static final String SPEC_ANNOUNCE = "001001f404000539" + "6465616462656566";
    private static final String SPEC_NOTIFY = "000801f500000539";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<String> closes = new ArrayList<>();
    private final EmbeddedChannel ch = new EmbeddedChannel(new ApiFrameDecoder(Sender.MODULE, TIMEOUT),
            new ChannelInboundHandlerAdapter() {
                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    if (evt instanceof ConnectionClosed c) {
                        closes.add(c.reason());
                    }
                }
            });

    @Test
    void specBytesArrivingOneByteAtATime() {
        byte[] stream = Hex.decode(SPEC_NOTIFY + SPEC_ANNOUNCE);
        for (int i = 0; i < stream.length; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(stream, i, 1));
            if (i == 7) {
                assertThat((Object) ch.readInbound()).isEqualTo(new ApiMessage.Notify(1337));
            } else {
                assertThat((Object) ch.readInbound()).as("after byte %d", i).isNull();
                if (i == stream.length - 2) {
                    break;
                }
            }
        }
        ch.writeInbound(Unpooled.wrappedBuffer(stream, stream.length - 1, 1));
        assertThat((Object) ch.readInbound())
                .isEqualTo(new ApiMessage.Announce(4, 1337, "deadbeef".getBytes(StandardCharsets.US_ASCII)));
        assertThat(ch.isOpen()).isTrue();
        assertThat(closes).isEmpty();
    }

    @Test
    void severalMessagesInOneRead() {
        ch.writeInbound(Unpooled.wrappedBuffer(Hex.decode(SPEC_NOTIFY + SPEC_ANNOUNCE + "000801f700030001"
                + SPEC_NOTIFY.substring(0, 6))));
        assertThat((Object) ch.readInbound()).isEqualTo(new ApiMessage.Notify(1337));
        assertThat((Object) ch.readInbound()).isInstanceOf(ApiMessage.Announce.class);
        assertThat((Object) ch.readInbound()).isEqualTo(new ApiMessage.Validation(3, true));
        assertThat((Object) ch.readInbound()).isNull(); // 3 bytes of the next one are waiting
        ch.writeInbound(Unpooled.wrappedBuffer(Hex.decode(SPEC_NOTIFY.substring(6))));
        assertThat((Object) ch.readInbound()).isEqualTo(new ApiMessage.Notify(1337));
    }

    @Property(tries = 100)
    void anySplitOfAStreamGivesTheSameMessages(@ForAll @Size(min = 1, max = 12) List<@net.jqwik.api.From("messages") ApiMessage> messages,
            @ForAll @Size(max = 30) List<@IntRange(min = 1, max = 40) Integer> chunks) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        messages.forEach(m -> stream.writeBytes(VoidPhoneCodec.encode(m)));
        byte[] bytes = stream.toByteArray();
        EmbeddedChannel c = new EmbeddedChannel(new ApiFrameDecoder(Sender.MODULE, TIMEOUT));
        int at = 0;
        for (int i = 0; at < bytes.length; i++) {
            int n = Math.min(bytes.length - at, i < chunks.size() ? chunks.get(i) : bytes.length);
            c.writeInbound(Unpooled.wrappedBuffer(bytes, at, n));
            at += n;
        }
        List<Object> out = new ArrayList<>();
        for (Object m; (m = c.readInbound()) != null; ) {
            out.add(m);
        }
        assertThat(out).containsExactlyElementsOf(messages);
        assertThat(c.isOpen()).isTrue();
        c.finishAndReleaseAll();
    }

    @Provide
    Arbitrary<ApiMessage> messages() {
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xffff);
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(0, 255), u16,
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(100)).as(ApiMessage.Announce::new),
                u16.map(ApiMessage.Notify::new),
                Combinators.combine(u16, Arbitraries.of(true, false)).as(ApiMessage.Validation::new));
    }

    @Test
    void unknownTypeClosesAtTheHeader() {
        assertClosedBy("0008020800000539", "UNKNOWN_KIND: unknown message type 520");
    }

    @Test
    void wrongSizesCloseAtTheHeaderWithoutWaitingForTheBody() {
        assertClosedBy("ffff01f5", "BAD_LENGTH: NOTIFY of size 65535, must be 8");
    }

    @Test
    void sizeUnderTheHeaderCloses() {
        assertClosedBy("000201f4", "BAD_LENGTH: size 2 is less than the 4-byte header");
    }

    @Test
    void shortValidationCloses() {
        assertClosedBy("000701f7000301", "VALIDATION of size 7");
    }

    @Test
    void notificationFromAModuleCloses() {
        assertClosedBy("000a01f60001053900ff", "a module does not send NOTIFICATION");
    }

    @Test
    void messagesBeforeTheMalformedOneArePassedOnAndNothingAfter() {
        ch.writeInbound(Unpooled.wrappedBuffer(Hex.decode(SPEC_NOTIFY + "0008999900000000" + SPEC_NOTIFY)));
        assertThat((Object) ch.readInbound()).isEqualTo(new ApiMessage.Notify(1337));
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.isOpen()).isFalse();
        assertThat(closes).singleElement().asString().contains("unknown message type 39321");
    }

    @Test
    void aMessageLeftIncompleteClosesAfterTheTimeout() {
        ch.writeInbound(Unpooled.wrappedBuffer(Hex.decode("ffff01f4" + "00".repeat(100))));
        ch.advanceTimeBy(TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(2, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(closes).containsExactly("incomplete message: 104 of 65535 bytes for 10000 ms");
    }

    @Test
    void aSenderMakingProgressIsNotTimedOut() {
        byte[] stream = Hex.decode((SPEC_ANNOUNCE).repeat(4));
        for (int i = 0; i < 3; i++) {
            // Each read completes one message and leaves the next one incomplete.
            int from = i == 0 ? 0 : 16 * i + 8;
            ch.writeInbound(Unpooled.wrappedBuffer(stream, from, i == 0 ? 24 : 16));
            ch.advanceTimeBy(TIMEOUT.toMillis() - 1000, TimeUnit.MILLISECONDS);
            ch.runScheduledPendingTasks();
            assertThat(ch.isOpen()).as("after read %d", i).isTrue();
        }
        List<Object> out = new ArrayList<>();
        for (Object m; (m = ch.readInbound()) != null; ) {
            out.add(m);
        }
        assertThat(out).hasSize(3);
        ch.writeInbound(Unpooled.wrappedBuffer(stream, 56, 8));
        assertThat((Object) ch.readInbound()).isInstanceOf(ApiMessage.Announce.class);
        ch.advanceTimeBy(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).as("idle with nothing pending is fine").isTrue();
        assertThat(closes).isEmpty();
    }

    private void assertClosedBy(String hex, String reason) {
        ByteBuf in = Unpooled.wrappedBuffer(Hex.decode(hex));
        ch.writeInbound(in);
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.isOpen()).isFalse();
        assertThat(closes).singleElement().asString().startsWith("malformed: ").contains(reason);
        assertThat(in.refCnt()).isZero();
    }
}

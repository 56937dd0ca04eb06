package org.giggossip.net.voidphone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.DecodeError;
import org.giggossip.core.wire.DecodeError.Reason;
import org.giggossip.core.wire.Decoded;
import org.giggossip.net.voidphone.VoidPhoneCodec.Sender;
import org.junit.jupiter.api.Test;

/** Golden bytes of the spec (voidphone-gossip-api.md, Example bytes), round trips and hostile input. */
class VoidPhoneCodecTest {

    @Test
    void specExampleAnnounce() {
        String hex = "0010"        // size 16, header included
                + "01f4"           // type 500, ANNOUNCE
                + "04"             // ttl 4
                + "00"             // reserved
                + "0539"           // data type 1337
                + "6465616462656566"; // "deadbeef" as 8 ASCII bytes
        ApiMessage m = new ApiMessage.Announce(4, 1337, "deadbeef".getBytes(StandardCharsets.US_ASCII));
        assertThat(Hex.encode(VoidPhoneCodec.encode(m))).isEqualTo(hex);
        assertThat(VoidPhoneCodec.decode(Hex.decode(hex), Sender.MODULE).orElseThrow()).isEqualTo(m);
    }

    @Test
    void specExampleNotify() {
        String hex = "0008"  // size 8
                + "01f5"     // type 501, NOTIFY
                + "0000"     // reserved
                + "0539";    // data type 1337
        assertThat(Hex.encode(VoidPhoneCodec.encode(new ApiMessage.Notify(1337)))).isEqualTo(hex);
        assertThat(VoidPhoneCodec.decode(Hex.decode(hex), Sender.MODULE).orElseThrow())
                .isEqualTo(new ApiMessage.Notify(1337));
    }

    @Test
    void notificationAndValidationFieldByField() {
        String notification = "000a" // size 10
                + "01f6"             // type 502, NOTIFICATION
                + "beef"             // message id 48879
                + "0539"             // data type 1337
                + "cafe";            // data
        ApiMessage n = new ApiMessage.Notification(0xbeef, 1337, Hex.decode("cafe"));
        assertThat(Hex.encode(VoidPhoneCodec.encode(n))).isEqualTo(notification);
        assertThat(VoidPhoneCodec.decode(Hex.decode(notification), Sender.GOSSIP).orElseThrow()).isEqualTo(n);

        String validation = "0008" + "01f7" // size 8, type 503
                + "beef"                    // message id
                + "0001";                   // reserved 15 bits, valid bit set
        assertThat(Hex.encode(VoidPhoneCodec.encode(new ApiMessage.Validation(0xbeef, true)))).isEqualTo(validation);
        assertThat(Hex.encode(VoidPhoneCodec.encode(new ApiMessage.Validation(0xbeef, false))))
                .isEqualTo("000801f7beef0000");
    }

    @Test
    void reservedBitsAreIgnored() {
        // valid = word & 1: 0xfffe is invalid, 0x8001 valid.
        assertThat(VoidPhoneCodec.decode(Hex.decode("000801f70007fffe"), Sender.MODULE).orElseThrow())
                .isEqualTo(new ApiMessage.Validation(7, false));
        assertThat(VoidPhoneCodec.decode(Hex.decode("000801f700078001"), Sender.MODULE).orElseThrow())
                .isEqualTo(new ApiMessage.Validation(7, true));
        // NOTIFY's and ANNOUNCE's reserved fields.
        assertThat(VoidPhoneCodec.decode(Hex.decode("000801f5ffff0539"), Sender.MODULE).orElseThrow())
                .isEqualTo(new ApiMessage.Notify(1337));
        assertThat(VoidPhoneCodec.decode(Hex.decode("000801f404ff0539"), Sender.MODULE).orElseThrow())
                .isEqualTo(new ApiMessage.Announce(4, 1337, new byte[0]));
    }

    @Test
    void malformedMessagesAreRefusedWithAReason() {
        assertReason("000301f4", Sender.MODULE, Reason.BAD_LENGTH, "less than the 4-byte header");
        assertReason("0000", Sender.MODULE, Reason.BAD_LENGTH, "less than a header");
        assertReason("000801f6beef0539", Sender.MODULE, Reason.INVALID_VALUE, "a module does not send NOTIFICATION");
        assertReason("000801f40400", Sender.MODULE, Reason.BAD_LENGTH, "size 8 but has 6 bytes");
        assertReason("000901f5000005390a", Sender.MODULE, Reason.BAD_LENGTH, "NOTIFY of size 9, must be 8");
        assertReason("000701f50000ff", Sender.MODULE, Reason.BAD_LENGTH, "NOTIFY of size 7");
        assertReason("000a01f70001000100ff", Sender.MODULE, Reason.BAD_LENGTH, "VALIDATION of size 10");
        assertReason("000701f4040005", Sender.MODULE, Reason.BAD_LENGTH, "ANNOUNCE of size 7, at least 8");
        assertReason("0008020800000539", Sender.MODULE, Reason.UNKNOWN_KIND, "unknown message type 520");
        assertReason("000801f5000005390000", Sender.MODULE, Reason.BAD_LENGTH, "says size 8 but has 10");
        assertReason("000801f5ffff0539", Sender.GOSSIP, Reason.INVALID_VALUE, "gossip module does not send NOTIFY");
    }

    @Test
    void headerCheckAloneRefusesBeforeTheBody() {
        assertThat(VoidPhoneCodec.checkHeader(0xffff, VoidPhoneCodec.ANNOUNCE, Sender.MODULE)).isEmpty();
        assertThat(VoidPhoneCodec.checkHeader(0xffff, VoidPhoneCodec.NOTIFY, Sender.MODULE)).isPresent();
        assertThat(VoidPhoneCodec.checkHeader(8, VoidPhoneCodec.VALIDATION, Sender.MODULE)).isEmpty();
        assertThat(VoidPhoneCodec.checkHeader(8, VoidPhoneCodec.NOTIFICATION, Sender.GOSSIP)).isEmpty();
        assertThat(VoidPhoneCodec.checkHeader(4, VoidPhoneCodec.NOTIFICATION, Sender.GOSSIP)).isPresent();
    }

    @Test
    void factoriesRefuseOutOfRangeFields() {
        assertThatThrownBy(() -> new ApiMessage.Announce(256, 1, new byte[0])).hasMessageContaining("ttl 256");
        assertThatThrownBy(() -> new ApiMessage.Notify(65536)).hasMessageContaining("data type");
        assertThatThrownBy(() -> new ApiMessage.Validation(-1, true)).hasMessageContaining("message id");
        assertThatThrownBy(() -> new ApiMessage.Notification(1, 1, new byte[ApiMessage.MAX_DATA + 1]))
                .hasMessageContaining("at most 65527");
        byte[] largest = VoidPhoneCodec.encode(new ApiMessage.Announce(0, 1, new byte[ApiMessage.MAX_DATA]));
        assertThat(largest).hasSize(VoidPhoneCodec.MAX_SIZE);
        assertThat(largest[0]).isEqualTo((byte) 0xff);
    }

    @Test
    void dataIsCopiedInAndOut() {
        byte[] data = {1, 2, 3};
        ApiMessage.Announce a = new ApiMessage.Announce(1, 2, data);
        data[0] = 9;
        a.data()[1] = 9;
        assertThat(a.data()).containsExactly(1, 2, 3);
    }

    @Property(tries = 300)
    void moduleMessagesRoundTrip(@ForAll("moduleMessages") ApiMessage m) {
        byte[] bytes = VoidPhoneCodec.encode(m);
        assertThat((bytes[0] & 0xff) << 8 | bytes[1] & 0xff).isEqualTo(bytes.length);
        assertThat(VoidPhoneCodec.decode(bytes, Sender.MODULE).orElseThrow()).isEqualTo(m);
        assertThat(VoidPhoneCodec.decode(bytes, Sender.GOSSIP).isOk()).isFalse();
    }

    @Property(tries = 200)
    void notificationsRoundTrip(@ForAll @IntRange(max = 0xffff) int id, @ForAll @IntRange(max = 0xffff) int type,
            @ForAll @Size(max = 300) byte[] data) {
        ApiMessage m = new ApiMessage.Notification(id, type, data);
        assertThat(VoidPhoneCodec.decode(VoidPhoneCodec.encode(m), Sender.GOSSIP).orElseThrow()).isEqualTo(m);
    }

    @Property(tries = 1000)
    void randomBytesNeverThrow(@ForAll @Size(max = 40) byte[] bytes, @ForAll Sender from) {
        Decoded<ApiMessage> d = VoidPhoneCodec.decode(bytes, from);
        if (d.isOk()) {
            assertThat(VoidPhoneCodec.encode(d.orElseThrow())).hasSize(bytes.length); // re-encodes to a whole message
        }
    }

    @Property(tries = 500)
    void plausibleHeadersWithRandomBodiesNeverThrow(@ForAll @IntRange(min = 498, max = 505) int type,
            @ForAll @Size(max = 20) byte[] body, @ForAll @IntRange(min = -3, max = 3) int sizeSkew,
            @ForAll Sender from) {
        int size = Math.max(0, 4 + body.length + sizeSkew);
        byte[] bytes = new byte[4 + body.length];
        bytes[0] = (byte) (size >> 8);
        bytes[1] = (byte) size;
        bytes[2] = (byte) (type >> 8);
        bytes[3] = (byte) type;
        System.arraycopy(body, 0, bytes, 4, body.length);
        Decoded<ApiMessage> d = VoidPhoneCodec.decode(bytes, from);
        assertThat(d.isOk() || d.errorIfAny().isPresent()).isTrue();
        if (d.isOk()) {
            assertThat(VoidPhoneCodec.encode(d.orElseThrow()).length).isEqualTo(size);
        }
    }

    @Provide
    Arbitrary<ApiMessage> moduleMessages() {
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xffff);
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(0, 255), u16, data).as(ApiMessage.Announce::new),
                u16.map(ApiMessage.Notify::new),
                Combinators.combine(u16, Arbitraries.of(true, false)).as(ApiMessage.Validation::new));
    }

    private static void assertReason(String hex, Sender from, Reason reason, String detail) {
        DecodeError e = VoidPhoneCodec.decode(Hex.decode(hex), from).errorIfAny().orElseThrow();
        assertThat(e.reason()).as(hex).isEqualTo(reason);
        assertThat(e.detail()).as(hex).contains(detail);
    }
}

package org.giggossip.net.voidphone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.giggossip.core.util.Hex;
import org.giggossip.net.link.MessageType;
import org.junit.jupiter.api.Test;

class ItemFrameTest {

    @Test
    void goldenBytes() {
        ItemFrame f = new ItemFrame(4, 1337, "deadbeef".getBytes(StandardCharsets.US_ASCII));
        // 04: ttl 4 | 0539: data type 1337 | 6465616462656566: "deadbeef"
        assertEquals("0405396465616462656566", Hex.encode(f.encode()));
        assertEquals(f, ItemFrame.decode(Hex.decode("0405396465616462656566")).orElseThrow());
    }

    @Test
    void roundTripsAndEdgeSizes() {
        Random r = new Random(7);
        for (int size : new int[] {0, 1, 100, ItemFrame.MAX_DATA}) {
            byte[] data = new byte[size];
            r.nextBytes(data);
            ItemFrame f = new ItemFrame(255, 0xFFFF, data);
            byte[] body = f.encode();
            assertTrue(body.length <= MessageType.ITEM.maxBody());
            ItemFrame back = ItemFrame.decode(body).orElseThrow();
            assertEquals(255, back.ttl());
            assertEquals(0xFFFF, back.dataType());
            assertArrayEquals(data, back.data());
        }
    }

    @Test
    void decodeRefusesShortAndOversizedBodiesWithoutThrowing() {
        assertTrue(ItemFrame.decode(new byte[0]).isEmpty());
        assertTrue(ItemFrame.decode(new byte[2]).isEmpty());
        assertTrue(ItemFrame.decode(null).isEmpty());
        assertTrue(ItemFrame.decode(new byte[ItemFrame.HEADER + ItemFrame.MAX_DATA + 1]).isEmpty());
        assertTrue(ItemFrame.decode(new byte[ItemFrame.HEADER + ItemFrame.MAX_DATA]).isPresent());
        assertTrue(ItemFrame.decode(new byte[3]).isPresent());
        Random r = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            byte[] junk = new byte[r.nextInt(40)];
            r.nextBytes(junk);
            ItemFrame.decode(junk).ifPresent(f -> assertArrayEquals(junk, f.encode()));
        }
    }

    @Test
    void constructorChecksRangesAndCopies() {
        assertThrows(IllegalArgumentException.class, () -> new ItemFrame(256, 1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new ItemFrame(-1, 1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new ItemFrame(1, 65_536, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new ItemFrame(1, 1, new byte[ItemFrame.MAX_DATA + 1]));
        byte[] data = {1, 2, 3};
        ItemFrame f = new ItemFrame(1, 1, data);
        data[0] = 9;
        f.data()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, f.data());
    }
}

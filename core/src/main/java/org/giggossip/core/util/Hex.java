package org.giggossip.core.util;

import java.util.HexFormat;
import java.util.Optional;

/** Lower-case hexadecimal, strict on input (even length, hex digits only). */
public final class Hex {
    private static final HexFormat HEX = HexFormat.of();

    private Hex() {}

    public static String encode(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** Decodes hex (either case); throws {@link IllegalArgumentException} on bad input. */
    public static byte[] decode(String hex) {
        return HEX.parseHex(hex.strip());
    }

    /** Decodes hex, or empty when the text is not well-formed hex. Never throws. */
    public static Optional<byte[]> tryDecode(String hex) {
        try {
            return Optional.of(HEX.parseHex(hex.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

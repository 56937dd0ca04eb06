package org.giggossip.sim.report;

/**
 * Escaping of text for XML (SVG) and HTML. Characters that XML 1.0 forbids
 * (controls other than tab, newline and carriage return; unpaired surrogates;
 * U+FFFE and U+FFFF) are replaced by U+FFFD, so the output is always well-formed.
 */
public final class Escape {
    private Escape() {}

    /** {@code text} safe inside an XML or HTML element or a double-quoted attribute. */
    public static String xml(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (isSurrogatePairAt(text, i)) {
                        out.append(c).append(text.charAt(++i));
                    } else if (allowed(c)) {
                        out.append(c);
                    } else {
                        out.append('\uFFFD');
                    }
                }
            }
        }
        return out.toString();
    }

    /** True when {@code s} holds a high surrogate at {@code i} followed by a low one. */
    static boolean isSurrogatePairAt(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private static boolean allowed(char c) {
        if (c < 0x20) {
            return c == '\t' || c == '\n' || c == '\r';
        }
        return !Character.isSurrogate(c) && c != '\uFFFE' && c != '\uFFFF';
    }
}

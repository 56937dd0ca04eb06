package org.giggossip.sim.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A minimal streaming JSON writer (RFC 8259) for reports. Keys appear in the
 * order they are written; doubles are written with a fixed number of decimals by
 * {@link Numbers#fixed} and NaN or infinities as {@code null}; so equal runs give
 * byte-identical files. The writer checks its calls: a value in an object needs a
 * name first, containers must be closed in order, and there is one top-level value.
 *
 * <p>Strings are escaped as RFC 8259 requires ({@code "}, {@code \}, controls),
 * and also {@code <}, {@code >}, {@code &}, U+2028, U+2029 and unpaired
 * surrogates as {@code \}{@code uXXXX}, so the output can sit inside an HTML
 * {@code <script>} element and is valid UTF-8 when encoded.
 *
 * <p>I/O errors of the underlying {@link Appendable} are thrown as
 * {@link UncheckedIOException}.
 */
public final class JsonWriter {
    private static final int DOCUMENT = 0;
    private static final int OBJECT = 1;
    private static final int ARRAY = 2;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String[] ESCAPES = asciiEscapes();

    private final Appendable out;
    private final boolean pretty;
    private final int decimals;
    private int[] kinds = new int[16];
    private boolean[] nonEmpty = new boolean[16];
    private int depth;
    private boolean nameWritten;
    private boolean documentDone;

    /** A compact writer with 6 decimals. */
    public JsonWriter(Appendable out) {
        this(out, false, 6);
    }

    /**
     * A writer.
     *
     * @param pretty   two-space indentation and one member per line
     * @param decimals decimals for doubles, 0 to 17
     */
    public JsonWriter(Appendable out, boolean pretty, int decimals) {
        this.out = Objects.requireNonNull(out, "out");
        if (decimals < 0 || decimals > 17) {
            throw new IllegalArgumentException("decimals must be 0 to 17, got " + decimals);
        }
        this.pretty = pretty;
        this.decimals = decimals;
        kinds[0] = DOCUMENT;
    }

    /** Starts an object. */
    public JsonWriter beginObject() {
        return open(OBJECT, '{');
    }

    /** Ends the current object. */
    public JsonWriter endObject() {
        return close(OBJECT, '}');
    }

    /** Starts an array. */
    public JsonWriter beginArray() {
        return open(ARRAY, '[');
    }

    /** Ends the current array. */
    public JsonWriter endArray() {
        return close(ARRAY, ']');
    }

    /** Writes the name of the next member of the current object. */
    public JsonWriter name(String name) {
        Objects.requireNonNull(name, "name");
        if (kinds[depth] != OBJECT || nameWritten) {
            throw new IllegalStateException("a name belongs directly inside an object, before its value");
        }
        separate();
        quoted(name);
        raw(pretty ? ": " : ":");
        nameWritten = true;
        return this;
    }

    /** Writes a string, or {@code null} when {@code value} is null. */
    public JsonWriter value(String value) {
        if (value == null) {
            return nullValue();
        }
        beforeValue();
        quoted(value);
        return this;
    }

    /** Writes an integer. */
    public JsonWriter value(long value) {
        beforeValue();
        raw(Long.toString(value));
        return this;
    }

    /** Writes a double with the writer's decimals; NaN and infinities as {@code null}. */
    public JsonWriter value(double value) {
        beforeValue();
        raw(Double.isFinite(value) ? Numbers.fixed(value, decimals) : "null");
        return this;
    }

    /** Writes {@code true} or {@code false}. */
    public JsonWriter value(boolean value) {
        beforeValue();
        raw(value ? "true" : "false");
        return this;
    }

    /** Writes {@code null}. */
    public JsonWriter nullValue() {
        beforeValue();
        raw("null");
        return this;
    }

    /** Writes a member with a string value. */
    public JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    /** Writes a member with an integer value. */
    public JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    /** Writes a member with a double value. */
    public JsonWriter field(String name, double value) {
        return name(name).value(value);
    }

    /** Writes a member with a boolean value. */
    public JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    /** True once the top-level value is complete. */
    public boolean isComplete() {
        return documentDone && depth == 0;
    }

    /** {@code s} as a JSON string literal, quotes included. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        appendQuoted(b, s);
        return b.toString();
    }

    private static void appendQuoted(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < ESCAPES.length && ESCAPES[c] != null) {
                b.append(ESCAPES[c]);
            } else if (Escape.isSurrogatePairAt(s, i)) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                b.append(unicodeEscape(c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }

    /** The escape of each ASCII character that needs one, else null. */
    private static String[] asciiEscapes() {
        String[] e = new String[128];
        for (char c = 0; c < 0x20; c++) {
            e[c] = unicodeEscape(c);
        }
        for (char c : new char[] {'<', '>', '&'}) {
            e[c] = unicodeEscape(c);
        }
        e['"'] = "\\\"";
        e['\\'] = "\\\\";
        e['\n'] = "\\n";
        e['\r'] = "\\r";
        e['\t'] = "\\t";
        e['\b'] = "\\b";
        e['\f'] = "\\f";
        return e;
    }

    private static String unicodeEscape(char c) {
        return new String(new char[] {'\\', 'u', HEX[c >> 12 & 0xf], HEX[c >> 8 & 0xf], HEX[c >> 4 & 0xf], HEX[c & 0xf]});
    }

    private void beforeValue() {
        switch (kinds[depth]) {
            case DOCUMENT -> {
                if (documentDone) {
                    throw new IllegalStateException("a JSON document holds one top-level value");
                }
                documentDone = true;
            }
            case OBJECT -> {
                if (!nameWritten) {
                    throw new IllegalStateException("a value in an object needs a name first");
                }
                nameWritten = false;
            }
            default -> separate();
        }
    }

    /** A comma before every element but the first, and a new line when pretty. */
    private void separate() {
        if (nonEmpty[depth]) {
            raw(',');
        }
        nonEmpty[depth] = true;
        newline(depth);
    }

    private JsonWriter open(int kind, char bracket) {
        beforeValue();
        raw(bracket);
        push(kind);
        return this;
    }

    private void push(int kind) {
        if (++depth == kinds.length) {
            kinds = Arrays.copyOf(kinds, depth * 2);
            nonEmpty = Arrays.copyOf(nonEmpty, depth * 2);
        }
        kinds[depth] = kind;
        nonEmpty[depth] = false;
    }

    private JsonWriter close(int kind, char bracket) {
        if (kinds[depth] != kind || nameWritten) {
            throw new IllegalStateException("nothing to close with " + bracket + " here");
        }
        boolean hadMembers = nonEmpty[depth];
        depth--;
        if (hadMembers) {
            newline(depth);
        }
        raw(bracket);
        return this;
    }

    private void newline(int indent) {
        if (pretty) {
            raw('\n');
            for (int i = 0; i < indent; i++) {
                raw("  ");
            }
        }
    }

    private void quoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        appendQuoted(b, s);
        raw(b);
    }

    private void raw(CharSequence s) {
        try {
            out.append(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void raw(char c) {
        try {
            out.append(c);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

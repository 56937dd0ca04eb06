package org.giggossip.net.link;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rate-limited log of connection closes (docs/style.md 14: a
 * remote peer must never be able to flood the log). Within each window (one
 * second by default) the first {@code linesPerWindow} closes are logged one line
 * each; the rest are counted by reason category and reported as one summary line,
 * {@code "suppressed N closes (reasons: category=count, ...)"}, when the next
 * close arrives after the window or when {@link #flush()} is called (the host
 * calls it from a timer and at shutdown).
 *
 * <p>Lines go to a {@link Sink}, by default a {@link System.Logger} at
 * {@code INFO}: closes are caused by remote peers, so never warnings. Closes this
 * host makes itself while shutting down ({@link #closedAtShutdown}) are expected
 * chatter: one {@code DEBUG} line each, outside the windows. Time comes
 * from the injected clock (docs/style.md 9). Thread-safe: closes arrive from every I/O
 * thread; the state is guarded by this object's lock, and the sink is called
 * after the lock is released.
 */
public final class CloseLog {
    /** Default lines per window: 10. */
    public static final int DEFAULT_LINES = 10;
    /** Default window: one second. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(1);

    /** Where the lines go. */
    @FunctionalInterface
    public interface Sink {
        void log(System.Logger.Level level, String line);

        /** A sink writing to {@code logger}. */
        static Sink of(System.Logger logger) {
            Objects.requireNonNull(logger, "logger");
            return (level, line) -> logger.log(level, line);
        }
    }

    /** An error name such as {@code LENGTH_BAD_TAG} or {@code LATE} in a close reason. */
    private static final Pattern ERROR_NAME = Pattern.compile("\\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\\b|\\b[A-Z]{4,}\\b");
    private static final int MAX_CATEGORY = 60;

    private final Sink sink;
    private final InstantSource clock;
    private final int linesPerWindow;
    private final Duration window;
    private Instant windowStart;
    private int logged;
    private int suppressed;
    private final Map<String, Integer> suppressedByCategory = new TreeMap<>();

    /**
     * @param sink           where the lines go
     * @param clock          the source of window times
     * @param linesPerWindow closes logged one by one per window, positive
     * @param window         the length of a window, positive
     */
    public CloseLog(Sink sink, InstantSource clock, int linesPerWindow, Duration window) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
        if (linesPerWindow < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("need positive lines and window: " + linesPerWindow + ", " + window);
        }
        this.linesPerWindow = linesPerWindow;
    }

    /** To {@code logger}, {@link #DEFAULT_LINES} per {@link #DEFAULT_WINDOW}. */
    public CloseLog(System.Logger logger, InstantSource clock) {
        this(Sink.of(logger), clock, DEFAULT_LINES, DEFAULT_WINDOW);
    }

    /** Records that the connection to {@code who} (an address or a key) closed for {@code reason}. */
    public void closed(Object who, String reason) {
        String why = reason == null ? "no reason" : reason;
        List<String> lines = new ArrayList<>(2);
        synchronized (this) {
            rollWindow(lines);
            if (logged < linesPerWindow) {
                logged++;
                lines.add("closed " + who + ": " + why);
            } else {
                suppressed++;
                suppressedByCategory.merge(category(why), 1, Integer::sum);
            }
        }
        emit(lines);
    }

    /**
     * Records that the connection to {@code who} closed because this host is shutting
     * down: a {@code DEBUG} line, not counted in the window (no peer can cause it, and
     * there are at most as many as the host has connections).
     */
    public void closedAtShutdown(Object who, String reason) {
        sink.log(System.Logger.Level.DEBUG, "closed " + who + ": " + (reason == null ? "shutting down" : reason));
    }

    /** Writes the summary of a window that has ended, if closes were suppressed in it. */
    public void flush() {
        List<String> lines = new ArrayList<>(1);
        synchronized (this) {
            rollWindow(lines);
        }
        emit(lines);
    }

    /** Closes suppressed so far in the current window (for tests and metrics). */
    public synchronized int suppressed() {
        return suppressed;
    }

    /** Starts a new window if the current one is over, adding its summary to {@code lines}. Under the lock. */
    private void rollWindow(List<String> lines) {
        Instant now = clock.instant();
        if (windowStart != null && now.isBefore(windowStart.plus(window)) && !now.isBefore(windowStart)) {
            return;
        }
        if (suppressed > 0) {
            StringBuilder s = new StringBuilder("suppressed ").append(suppressed).append(" closes (reasons: ");
            String sep = "";
            for (Map.Entry<String, Integer> e : suppressedByCategory.entrySet()) {
                s.append(sep).append(e.getKey()).append('=').append(e.getValue());
                sep = ", ";
            }
            lines.add(s.append(')').toString());
        }
        windowStart = now;
        logged = 0;
        suppressed = 0;
        suppressedByCategory.clear();
    }

    private void emit(List<String> lines) {
        for (String line : lines) {
            sink.log(System.Logger.Level.INFO, line);
        }
    }

    /**
     * The category of a close reason, for counting: the text before its first
     * {@code ": "} (the layer, such as {@code "limits"} or {@code "BOLT 8 read failed"})
     * and the first error name after it, if any (such as {@code LENGTH_BAD_TAG}).
     * Free text (lengths, addresses, peer-supplied numbers) is dropped, so that a
     * peer cannot make the summary long.
     */
    public static String category(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unknown";
        }
        int colon = reason.indexOf(": ");
        String layer = colon < 0 ? reason : reason.substring(0, colon);
        String rest = colon < 0 ? "" : reason.substring(colon + 2);
        Matcher m = ERROR_NAME.matcher(colon < 0 ? "" : rest);
        String c = m.find() ? layer + " " + m.group() : layer;
        if (colon < 0) {
            c = c.replaceAll("[0-9]+", "#"); // free text: not numbers a peer chose
        }
        return c.length() > MAX_CATEGORY ? c.substring(0, MAX_CATEGORY) : c;
    }
}

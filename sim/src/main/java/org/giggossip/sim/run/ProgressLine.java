package org.giggossip.sim.run;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.giggossip.sim.time.Scheduler;
import org.giggossip.sim.time.SimTime;

/**
 * One console line, rewritten in place with {@code \r}, showing how a run is
 * going: virtual time, events processed, events per wall second, and the time
 * left when the run's virtual end is known. At most {@value #MIN_INTERVAL_MS}
 * ms apart, so calling {@link #update} after every event costs a clock read.
 *
 * <p>It is for people watching a terminal: {@link #forConsole} disables it when
 * output is not a terminal, and reports and result files never contain its
 * wall-clock figures. The wall clock is injected, so tests drive it by hand.
 */
public final class ProgressLine {
    static final long MIN_INTERVAL_MS = 250;
    /** Events run between two looks at the wall clock in {@link #run}. */
    public static final long SLICE_EVENTS = 65_536;
    private static final long MIN_INTERVAL_NANOS = MIN_INTERVAL_MS * 1_000_000L;

    private final PrintStream out;
    private final boolean enabled;
    private final LongSupplier wallNanos;
    private final long startWall;
    private long lastWall;
    private long lastEvents;
    private int lastLength;

    /**
     * A progress line.
     *
     * @param enabled   false makes every call a no-op
     * @param wallNanos the wall clock, e.g. {@code System::nanoTime}
     */
    public ProgressLine(PrintStream out, boolean enabled, LongSupplier wallNanos) {
        this.out = Objects.requireNonNull(out, "out");
        this.enabled = enabled;
        this.wallNanos = Objects.requireNonNull(wallNanos, "wallNanos");
        this.startWall = enabled ? wallNanos.getAsLong() : 0;
        this.lastWall = startWall;
    }

    /** A line on {@code out}, enabled only when {@code wanted} and the JVM runs in a terminal. */
    public static ProgressLine forConsole(PrintStream out, boolean wanted) {
        return new ProgressLine(out, wanted && isTerminal(), System::nanoTime);
    }

    /** A line that prints nothing. */
    public static ProgressLine disabled() {
        return new ProgressLine(System.out, false, () -> 0L);
    }

    /** True when this line prints. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Reports progress; prints only if enough wall time has passed since the last print.
     *
     * @param virtualNanos the current virtual time
     * @param events       events processed so far
     * @param endNanos     the virtual time the run ends at, or -1 if unknown
     */
    public void update(long virtualNanos, long events, long endNanos) {
        update(virtualNanos, events, endNanos, false);
    }

    /** A final {@code force}d update prints whatever the time and shows the whole run's mean rate. */
    private void update(long virtualNanos, long events, long endNanos, boolean force) {
        if (!enabled) {
            return;
        }
        long now = wallNanos.getAsLong();
        long sinceLast = now - lastWall;
        if (sinceLast < MIN_INTERVAL_NANOS && !force) {
            return;
        }
        long window = force ? now - startWall : sinceLast;
        long windowEvents = force ? events : events - lastEvents;
        double rate = window > 0 ? windowEvents / (window / 1e9) : 0;
        lastWall = now;
        lastEvents = events;
        StringBuilder line = new StringBuilder(96);
        line.append(String.format(Locale.ROOT, "t=%.3f s  events=%,d  %s ev/s",
            SimTime.toSeconds(virtualNanos), events, rateText(rate)));
        if (endNanos > 0 && virtualNanos > 0) {
            double done = Math.min(1.0, virtualNanos / (double) endNanos);
            double elapsed = (now - startWall) / 1e9;
            long left = Math.round(elapsed * (1 - done) / done);
            line.append(String.format(Locale.ROOT, "  %.0f%%  ETA %d:%02d", done * 100, left / 60, left % 60));
        }
        print(line);
    }

    /**
     * Runs {@code scheduler} until virtual time {@code endNanos} (or until an
     * event calls {@link Scheduler#stop()}), updating this line between slices of
     * {@value #SLICE_EVENTS} events, and ends the line with the final count and
     * the whole run's mean rate.
     *
     * @return the number of events run
     */
    public long run(Scheduler scheduler, long endNanos) {
        long total = 0;
        while (true) {
            long ran = scheduler.runUntil(endNanos, SLICE_EVENTS);
            total += ran;
            if (ran < SLICE_EVENTS || scheduler.stopped()) {
                break;
            }
            update(scheduler.now(), scheduler.eventsProcessed(), endNanos);
        }
        update(scheduler.now(), scheduler.eventsProcessed(), endNanos, true);
        finish();
        return total;
    }

    /** Ends the line with a newline (if anything was printed). */
    public void finish() {
        if (enabled && lastLength > 0) {
            out.print('\n');
            out.flush();
            lastLength = 0;
        }
    }

    private void print(StringBuilder line) {
        int length = line.length();
        while (line.length() < lastLength) {
            line.append(' ');
        }
        lastLength = length;
        out.print("\r" + line);
        out.flush();
    }

    private static String rateText(double rate) {
        if (rate >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", rate / 1e6);
        }
        return rate >= 1e3 ? String.format(Locale.ROOT, "%.1fk", rate / 1e3) : String.format(Locale.ROOT, "%.0f", rate);
    }

    /** {@code System.console()} exists and, on JDK 22 or newer, says it is a terminal. */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Console.isTerminal() exists from JDK 22; before that a console means a terminal.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}

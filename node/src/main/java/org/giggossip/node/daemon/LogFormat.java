package org.giggossip.node.daemon;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Structured logs for every {@code gg} command: one line per record in logfmt
 * ({@code ts=... level=... logger=... msg="..."}), which people read and
 * tools ({@code grep}, Loki, Vector) parse. Installed on the root logger once,
 * before any command runs; everything logs through {@link System.Logger},
 * which lands here.
 *
 * <p><b>Levels.</b> Lines and the command line use the conventional words
 * {@code error, warn, info, debug, trace}; {@link #parseLevel} also takes the
 * JUL names ({@code SEVERE ... FINEST, ALL, OFF}). Each word names the JUL levels
 * from its own down to the next word's: {@code error} is {@code SEVERE},
 * {@code warn} {@code WARNING}, {@code info} {@code INFO}, {@code debug}
 * {@code CONFIG} and {@code FINE} ({@link System.Logger.Level#DEBUG}), {@code trace}
 * {@code FINER} and {@code FINEST} ({@link System.Logger.Level#TRACE}); so a line
 * shows at a threshold exactly when its word is that threshold or above it.
 *
 * <p><b>No JDK console lines.</b> {@link #preventDefaultConfiguration()} names
 * {@link Config} as JUL's configuration class, so a {@link LogManager#readConfiguration()}
 * (by JUL at start or by a library later) installs this format at the current level
 * instead of reading the JDK's {@code logging.properties}, whose {@code ConsoleHandler}
 * writes two-line records.
 */
public final class LogFormat extends Formatter {

    /** Thresholds by conventional word, and the JUL names kept for compatibility. */
    private static final Map<String, Level> NAMES = Map.ofEntries(
            Map.entry("error", Level.SEVERE),
            Map.entry("warn", Level.WARNING),
            Map.entry("info", Level.INFO),
            Map.entry("debug", Level.FINE),
            Map.entry("trace", Level.FINEST),
            Map.entry("off", Level.OFF),
            Map.entry("all", Level.ALL),
            Map.entry("severe", Level.SEVERE),
            Map.entry("warning", Level.WARNING),
            Map.entry("config", Level.CONFIG),
            Map.entry("fine", Level.FINE),
            Map.entry("finer", Level.FINER),
            Map.entry("finest", Level.FINEST));

    /** The words a user may give, in the order help lists them. */
    public static final String LEVEL_WORDS = "error, warn, info, debug, trace (or off, all)";

    /** The level the last {@link #install} set, for {@link Config}. */
    private static volatile Level current = Level.WARNING;

    /**
     * The threshold {@code name} stands for: a conventional word or a JUL level name,
     * in any case; empty for anything else (numbers included).
     */
    public static Optional<Level> parseLevel(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(NAMES.get(name.strip().toLowerCase(Locale.ROOT)));
    }

    /** The conventional word for a record's level: error, warn, info, debug or trace. */
    public static String levelName(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "error";
        } else if (v >= Level.WARNING.intValue()) {
            return "warn";
        } else if (v >= Level.INFO.intValue()) {
            return "info";
        } else if (v >= Level.FINE.intValue()) {
            return "debug";
        }
        return "trace";
    }

    /**
     * Makes JUL's own configuration ({@link LogManager#readConfiguration()}) install this
     * format instead of the JDK's {@code logging.properties}, unless the user named a
     * configuration file or class ({@code -Djava.util.logging.config.file} or
     * {@code .class}). Takes effect only if called before JUL starts, or at its next
     * {@code readConfiguration()}: call it first thing in {@code main}.
     */
    public static void preventDefaultConfiguration() {
        if (System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.config.class") == null) {
            System.setProperty("java.util.logging.config.class", Config.class.getName());
        }
    }

    /** Sends every record at {@code level} and above to standard error in logfmt, and nothing else. */
    public static void install(Level level) {
        current = level;
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
            h.close();
        }
        root.addHandler(new StdErr());
        root.setLevel(level);
        Held.NETTY.setLevel(Level.WARNING);
        Held.RUNTIME.setLevel(Level.INFO);
        // a store's migration steps are the developer's story: at debug, else only what went wrong
        Held.FLYWAY.setLevel(level.intValue() < Level.INFO.intValue() ? level : Level.WARNING);
    }

    /**
     * Loggers whose levels {@link #install} sets, held because JUL keeps loggers only
     * weakly; in their own class so that loading {@code LogFormat} does not start JUL
     * (which {@link #preventDefaultConfiguration()} must precede).
     */
    private static final class Held {
        /** Netty's own logs: its warnings only. */
        static final Logger NETTY = Logger.getLogger("io.netty");
        /** The JDK logs every {@code System.exit} with a stack trace at debug: not ours to show. */
        static final Logger RUNTIME = Logger.getLogger("java.lang.Runtime");
        /** Flyway says some eight things at info each time a store opens: shown at debug only. */
        static final Logger FLYWAY = Logger.getLogger("org.flywaydb");
    }

    /** The level of the last {@link #install} (warn before any). */
    public static Level current() {
        return current;
    }

    /** Writes one info line to standard error without the logging system (for shutdown hooks). */
    public static void direct(String logger, String message) {
        LogRecord r = new LogRecord(Level.INFO, message);
        r.setLoggerName(logger);
        System.err.print(new LogFormat().format(r));
        System.err.flush();
    }

    @Override
    public String format(LogRecord r) {
        StringBuilder s = new StringBuilder(160);
        s.append("ts=").append(Instant.ofEpochMilli(r.getMillis()))
                .append(" level=").append(levelName(r.getLevel()))
                .append(" logger=").append(quoteIfNeeded(shortName(r.getLoggerName())))
                .append(" msg=").append(quote(formatMessage(r)));
        if (r.getThrown() != null) {
            s.append(" error=").append(quote(r.getThrown().toString()));
        }
        return s.append('\n').toString();
    }

    private static String shortName(String name) {
        if (name == null || name.isEmpty()) {
            return "-";
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    /** A bare logfmt value if it has no space, quote, equals sign or control character; else {@link #quote}. */
    private static String quoteIfNeeded(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f) {
                return quote(v);
            }
        }
        return v;
    }

    /** A logfmt value: quoted, with quotes, backslashes and line breaks escaped (no log injection). */
    static String quote(String v) {
        if (v == null) {
            return "\"\"";
        }
        StringBuilder s = new StringBuilder(v.length() + 2).append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                default -> s.append(c < 0x20 ? ' ' : c);
            }
        }
        return s.append('"').toString();
    }

    /**
     * The handler: each record, in logfmt, to whatever {@link System#err} is when it is
     * published (so a redirected standard error, as in tests, receives it too).
     */
    public static final class StdErr extends Handler {
        /** At the level of the last {@link #install}. */
        public StdErr() {
            setFormatter(new LogFormat());
            setLevel(current);
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            String line;
            try {
                line = getFormatter().format(record);
            } catch (RuntimeException e) {
                reportError("cannot format a record", e, ErrorManager.FORMAT_FAILURE);
                return;
            }
            PrintStream err = System.err;
            synchronized (LogFormat.class) {
                err.print(line);
                err.flush();
            }
        }

        @Override
        public void flush() {
            System.err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }

    /**
     * JUL's configuration class ({@code java.util.logging.config.class}, set by
     * {@link #preventDefaultConfiguration()}): JUL instantiates it where it would read
     * {@code logging.properties}; it configures the root logger with {@link StdErr} at
     * the current level, and nothing else.
     */
    public static final class Config {
        /** Configures JUL as {@link #install} does. */
        public Config() {
            String props = "handlers=" + StdErr.class.getName() + "\n"
                    + ".level=" + current.getName() + "\n"
                    + "io.netty.level=WARNING\n"
                    + "java.lang.Runtime.level=INFO\n";
            try {
                LogManager.getLogManager().readConfiguration(
                        new ByteArrayInputStream(props.getBytes(StandardCharsets.ISO_8859_1)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

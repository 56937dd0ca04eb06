package org.giggossip.node.daemon;

import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Structured logs for the daemon: one line per record in logfmt
 * ({@code ts=... level=... logger=... msg="..."}), which people read and
 * tools ({@code grep}, Loki, Vector) parse. Installed on the root logger by
 * {@code gg node}; everything in the node logs through {@link System.Logger},
 * which lands here.
 */
public final class LogFormat extends Formatter {

    /** Sends every record at {@code level} and above to standard error in logfmt. */
    public static void install(Level level) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new LogFormat());
        console.setLevel(level);
        root.addHandler(console);
        root.setLevel(level);
        Logger.getLogger("io.netty").setLevel(Level.WARNING);
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
                .append(" level=").append(r.getLevel().getName().toLowerCase(java.util.Locale.ROOT))
                .append(" logger=").append(shortName(r.getLoggerName()))
                .append(" msg=").append(quote(formatMessage(r)));
        if (r.getThrown() != null) {
            s.append(" error=").append(quote(r.getThrown().toString()));
        }
        return s.append('\n').toString();
    }

    private static String shortName(String name) {
        if (name == null) {
            return "-";
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
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
}

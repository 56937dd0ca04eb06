package org.giggossip.core.violation;

import java.time.Instant;
import java.util.function.Supplier;

/** Breaks "core reads no system clock", once by a call and once by a method reference. */
public final class ReadsTheClock {
    private ReadsTheClock() {}

    public static long millis() {
        return System.currentTimeMillis();
    }

    public static Supplier<Instant> clock() {
        return Instant::now;
    }
}

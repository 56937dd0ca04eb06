package org.giggossip.core.violation;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

/** Keeps every rule: its clock and its randomness are injected. */
public final class Compliant {
    private final Clock clock;
    private final SecureRandom random;

    public Compliant(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    public Instant deadline() {
        return Instant.now(clock).plusSeconds(random.nextInt(60));
    }
}

package org.giggossip.settler.service;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.settler.SettlerConfig;

/**
 * How a settler service runs.
 *
 * @param policy              the settler's policy: fees, invoice lifetime, dispute window
 * @param authorityUri        the base URI written into the settler's certificates (its HTTP endpoint)
 * @param certificateValidity validity of the certificates it issues to callers
 * @param admins              the keys that may grant, revoke and resolve disputes
 * @param noticeRetention     how long a notice waits to be fetched
 */
public record SettlerServiceConfig(SettlerConfig policy, String authorityUri, Duration certificateValidity,
        Set<PublicKey> admins, Duration noticeRetention) {

    public SettlerServiceConfig {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(authorityUri, "authorityUri");
        Objects.requireNonNull(certificateValidity, "certificateValidity");
        admins = Set.copyOf(admins);
        Objects.requireNonNull(noticeRetention, "noticeRetention");
        if (certificateValidity.isNegative() || certificateValidity.isZero()) {
            throw new IllegalArgumentException("certificate validity must be positive");
        }
    }
}

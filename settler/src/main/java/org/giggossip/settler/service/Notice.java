package org.giggossip.settler.service;

import java.time.Instant;
import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;

/**
 * A message the settler keeps for one caller until it is fetched: a settler
 * notice (a {@code SettlerResponse} with callId 0: a released job preimage, a
 * cancelled reply). Numbered per database in order of commit ({@code seq} grows);
 * a caller asks for the notices after the last seq it has seen.
 *
 * @param message the notice as one encoded {@code ServiceMessage} (see {@code ServiceCodec})
 */
public record Notice(long seq, PublicKey to, Instant at, byte[] message) {
    public Notice {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        message = message.clone();
    }

    @Override
    public byte[] message() {
        return message.clone();
    }
}

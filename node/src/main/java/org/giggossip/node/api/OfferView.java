package org.giggossip.node.api;

import java.time.Instant;
import org.giggossip.core.crypto.PublicKey;

/** One offer for a job of ours: the worker's price, the route's fee, who settles, until when it is valid. */
public record OfferView(int number, long jobPriceMsat, long networkFeeMsat, PublicKey settler, Instant expiresAt) {}

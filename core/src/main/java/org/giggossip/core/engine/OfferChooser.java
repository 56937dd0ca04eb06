package org.giggossip.core.engine;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Picks the offer a customer pays for when its offer window closes (seed 000, 3.6: the cheapest route wins). */
@FunctionalInterface
public interface OfferChooser {

    /** The offer to take, or empty to take none. */
    Optional<Offer> choose(List<Offer> offers);

    /** The lowest total price; the earliest among equals. */
    OfferChooser CHEAPEST = offers -> offers.stream()
            .min(Comparator.comparingLong(Offer::totalMsat).thenComparingInt(Offer::number));
}

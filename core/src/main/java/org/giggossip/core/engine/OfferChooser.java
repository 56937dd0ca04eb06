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

    /**
     * The cheapest of the offers whose job price is at most {@code maxPriceMsat} and whose network
     * fee is at most {@code maxNetworkFeeMsat}: an offer above either limit is never taken.
     */
    static OfferChooser cheapestWithin(long maxPriceMsat, long maxNetworkFeeMsat) {
        if (maxPriceMsat < 0 || maxNetworkFeeMsat < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        return offers -> CHEAPEST.choose(offers.stream()
                .filter(o -> o.jobPriceMsat() <= maxPriceMsat && o.networkFeeMsat() <= maxNetworkFeeMsat)
                .toList());
    }
}

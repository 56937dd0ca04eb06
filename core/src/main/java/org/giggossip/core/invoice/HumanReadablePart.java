package org.giggossip.core.invoice;

import java.util.OptionalLong;
import org.giggossip.core.wire.DecodeError.Reason;

/**
 * The human-readable part of an invoice (BOLT 11, "Human-Readable Part"):
 * {@code ln}, the currency prefix (lower-case letters, such as {@code bc},
 * {@code tb}, {@code tbs} or {@code bcrt}), then an optional amount: a positive
 * decimal with no leading zeros and an optional multiplier {@code m}, {@code u},
 * {@code n} or {@code p} of one bitcoin. Amounts are held in millisatoshis, so a
 * {@code p} amount must end in 0.
 *
 * @param currency the currency prefix after {@code ln}
 * @param amountMsat the amount in millisatoshis, if any
 */
record HumanReadablePart(String currency, OptionalLong amountMsat) {
    /** 21 million bitcoin in millisatoshis: the largest amount. */
    static final long MAX_MSAT = 21_000_000L * 100_000_000L * 1_000L;

    private static final long MSAT_PER_BTC = 100_000_000_000L;
    private static final long MSAT_PER_MILLI = 100_000_000L;
    private static final long MSAT_PER_MICRO = 100_000L;
    private static final long MSAT_PER_NANO = 100L;
    /** Digits of the largest number a long holds. */
    private static final int MAX_DIGITS = 19;

    /** Parses a lower-case human-readable part. */
    static HumanReadablePart parse(String hrp) throws InvoiceFault {
        if (!hrp.startsWith("ln")) {
            throw new InvoiceFault(Reason.MALFORMED, "prefix '" + hrp + "' does not start with 'ln'");
        }
        int length = hrp.length();
        int i = 2;
        while (i < length && isLetter(hrp.charAt(i))) {
            i++;
        }
        String currency = hrp.substring(2, i);
        if (currency.isEmpty()) {
            throw new InvoiceFault(Reason.MALFORMED, "no currency prefix after 'ln'");
        }
        if (i == length) {
            return new HumanReadablePart(currency, OptionalLong.empty());
        }
        int start = i;
        while (i < length && isDigit(hrp.charAt(i))) {
            i++;
        }
        if (i == start) {
            throw new InvoiceFault(Reason.MALFORMED, "'" + hrp.charAt(i) + "' in the prefix is not a letter or digit");
        }
        String digits = hrp.substring(start, i);
        if (i < length - 1) {
            throw new InvoiceFault(Reason.MALFORMED, "amount " + digits + " is followed by '"
                    + hrp.substring(i) + "', not by one multiplier");
        }
        char multiplier = i == length ? 0 : hrp.charAt(i);
        return new HumanReadablePart(currency, OptionalLong.of(amount(digits, multiplier)));
    }

    private static long amount(String digits, char multiplier) throws InvoiceFault {
        if (digits.charAt(0) == '0') {
            throw new InvoiceFault(Reason.NOT_CANONICAL, "amount " + digits + " is zero or has a leading zero");
        }
        long perUnit = switch (multiplier) {
            case 0 -> MSAT_PER_BTC;
            case 'm' -> MSAT_PER_MILLI;
            case 'u' -> MSAT_PER_MICRO;
            case 'n' -> MSAT_PER_NANO;
            case 'p' -> 1; // after dropping the final 0: tenths of a millisatoshi
            default -> throw new InvoiceFault(Reason.MALFORMED, "invalid multiplier '" + multiplier + "'");
        };
        String number = digits;
        if (multiplier == 'p') {
            if (digits.charAt(digits.length() - 1) != '0') {
                throw new InvoiceFault(Reason.INVALID_VALUE,
                        "amount " + digits + "p is not a whole number of millisatoshis");
            }
            number = digits.substring(0, digits.length() - 1);
        }
        if (number.length() > MAX_DIGITS) {
            throw new InvoiceFault(Reason.OUT_OF_RANGE, "amount " + digits + multiplier + " is above 21 million bitcoin");
        }
        long value = 0;
        for (int i = 0; i < number.length(); i++) {
            int d = number.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - d) / 10) {
                throw new InvoiceFault(Reason.OUT_OF_RANGE, "amount " + digits + " is above 21 million bitcoin");
            }
            value = value * 10 + d;
        }
        if (value > MAX_MSAT / perUnit) {
            throw new InvoiceFault(Reason.OUT_OF_RANGE, "amount " + digits + multiplier + " is above 21 million bitcoin");
        }
        return value * perUnit;
    }

    /**
     * The human-readable part for a currency and an amount, with the largest
     * multiplier that states the amount exactly (the shortest form).
     */
    String format() {
        StringBuilder sb = new StringBuilder(32).append("ln").append(currency);
        if (amountMsat.isPresent()) {
            long msat = amountMsat.getAsLong();
            if (msat % MSAT_PER_BTC == 0) {
                sb.append(msat / MSAT_PER_BTC);
            } else if (msat % MSAT_PER_MILLI == 0) {
                sb.append(msat / MSAT_PER_MILLI).append('m');
            } else if (msat % MSAT_PER_MICRO == 0) {
                sb.append(msat / MSAT_PER_MICRO).append('u');
            } else if (msat % MSAT_PER_NANO == 0) {
                sb.append(msat / MSAT_PER_NANO).append('n');
            } else {
                sb.append(msat).append("0p");
            }
        }
        return sb.toString();
    }

    /** Checks a currency prefix and amount given by local code. */
    static HumanReadablePart of(String currency, OptionalLong amountMsat) {
        if (currency == null || currency.isEmpty()) {
            throw new IllegalArgumentException("currency prefix is empty");
        }
        for (int i = 0; i < currency.length(); i++) {
            if (!isLetter(currency.charAt(i))) {
                throw new IllegalArgumentException("currency prefix must be lower-case letters: " + currency);
            }
        }
        if (amountMsat.isPresent() && (amountMsat.getAsLong() < 1 || amountMsat.getAsLong() > MAX_MSAT)) {
            throw new IllegalArgumentException("amount must be 1 to " + MAX_MSAT + " msat, got " + amountMsat.getAsLong());
        }
        return new HumanReadablePart(currency, amountMsat);
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

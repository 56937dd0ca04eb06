package org.giggossip.core.invoice;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.Sha256;
import org.giggossip.core.wire.Hash32;

/**
 * A signed BOLT 11 payment request: an immutable, well-formed value whose
 * signature has been checked (docs/style.md 2, 5). Only {@link Bolt11#decode} and
 * {@link Bolt11#sign} make one, so holding one means the payee named by
 * {@link #payee()} signed exactly these fields.
 *
 * <p>Every tagged field is kept in order ({@link #fields()}), read or not, so the
 * invoice re-encodes to the string it came from ({@link #encoded()}, lower case)
 * and {@link #signedData()} is the exact preimage of the signature. Two invoices
 * are equal when their strings are. Arrays are copied in and out.
 *
 * <p>Meaning, not syntax, is left to the caller with its own clock (docs/style.md 5):
 * whether the currency is the node's, whether the invoice has expired
 * ({@link #isExpired(Instant)}), whether the amount is the one agreed.
 */
public final class Bolt11Invoice {
    private final HumanReadablePart hrp;
    private final Instant timestamp;
    private final List<TaggedField> fields;
    private final FieldReader.Meaning meaning;
    private final byte[] payee;
    private final byte[] signature;
    private final int recoveryId;
    private final byte[] signedData;
    private final String encoded;

    /** For {@link Bolt11}, which has checked everything; arrays are not copied. */
    Bolt11Invoice(HumanReadablePart hrp, Instant timestamp, List<TaggedField> fields, FieldReader.Meaning meaning,
                  byte[] payee, byte[] signature, int recoveryId, byte[] signedData, String encoded) {
        this.hrp = hrp;
        this.timestamp = timestamp;
        this.fields = List.copyOf(fields);
        this.meaning = meaning;
        this.payee = payee;
        this.signature = signature;
        this.recoveryId = recoveryId;
        this.signedData = signedData;
        this.encoded = encoded;
    }

    /** A builder for a new invoice in {@code currency} ({@code "bc"}, {@code "tb"}, {@code "bcrt"}, ...). */
    public static Bolt11Builder builder(String currency) {
        return new Bolt11Builder(currency);
    }

    /**
     * A builder holding this invoice's currency, amount, timestamp and every field
     * in order, ready to be signed again ({@link Bolt11#sign}) or extended.
     */
    public Bolt11Builder toBuilder() {
        Bolt11Builder b = new Bolt11Builder(hrp.currency()).timestamp(timestamp);
        hrp.amountMsat().ifPresent(b::amountMsat);
        fields.forEach(b::field);
        return b;
    }

    // ---- the human-readable part and the timestamp ----------------------------

    /** The currency prefix after {@code ln}: {@code "bc"} for mainnet, {@code "tb"}, {@code "bcrt"}, ... */
    public String currency() {
        return hrp.currency();
    }

    /** The amount in millisatoshis; empty for an invoice that lets the payer choose. */
    public OptionalLong amountMsat() {
        return hrp.amountMsat();
    }

    /** When the invoice was created, in whole seconds. */
    public Instant timestamp() {
        return timestamp;
    }

    // ---- the tagged fields, read ---------------------------------------------------

    /** {@code p}: the SHA-256 of the preimage that the payment reveals. */
    public Hash32 paymentHash() {
        return meaning.paymentHash();
    }

    /** {@code s}: the 32-byte payment secret, copied. */
    public byte[] paymentSecret() {
        return meaning.paymentSecret().clone();
    }

    /** {@code d}: the description; empty when the invoice has {@link #descriptionHash()} instead. */
    public Optional<String> description() {
        return Optional.ofNullable(meaning.description());
    }

    /** {@code h}: the SHA-256 of a description sent some other way; empty when the invoice has {@link #description()}. */
    public Optional<Hash32> descriptionHash() {
        return Optional.ofNullable(meaning.descriptionHash());
    }

    /**
     * Whether the invoice commits to {@code text}: it is the description, or its
     * SHA-256 is the description hash (BOLT 11: a payer given the description
     * elsewhere must check it against {@code h}).
     */
    public boolean commitsTo(String text) {
        if (meaning.description() != null) {
            return meaning.description().equals(text);
        }
        return Arrays.equals(Sha256.hash(text.getBytes(StandardCharsets.UTF_8)), meaning.descriptionHash().bytes());
    }

    /** {@code x}: how long after {@link #timestamp()} the invoice may be paid; 3600 s if absent. */
    public Duration expiry() {
        return Duration.ofSeconds(meaning.expirySeconds());
    }

    /** {@code c}: the least CLTV delta for the final HTLC, in blocks; 18 if absent. */
    public int minFinalCltvExpiry() {
        return meaning.minFinalCltvExpiry();
    }

    /** {@code 9}: the feature bits, bit 0 least significant, copied; empty if absent. */
    public BitSet features() {
        return (BitSet) meaning.features().clone();
    }

    /** Whether feature bit {@code bit} is set. */
    public boolean hasFeature(int bit) {
        return meaning.features().get(bit);
    }

    /**
     * The payee's 33-byte compressed public key, copied: the {@code n} field, which
     * the signature was verified against, or else the key recovered from the
     * signature.
     */
    public byte[] payee() {
        return payee.clone();
    }

    /** The payee as an x-only node id (its key without the parity byte). */
    public PublicKey payeeId() {
        return PublicKey.of(Arrays.copyOfRange(payee, 1, 33));
    }

    /** Whether the payee's key has x-only id {@code node}, with either parity. */
    public boolean isPayee(PublicKey node) {
        return Arrays.equals(payee, 1, 33, node.bytes(), 0, 32);
    }

    // ---- as carried ---------------------------------------------------------------------

    /** Every tagged field, in order, including those not read. */
    public List<TaggedField> fields() {
        return fields;
    }

    /** The 64-byte compact signature {@code r || s}, copied. */
    public byte[] signature() {
        return signature.clone();
    }

    /** The recovery id, 0 to 3. */
    public int recoveryId() {
        return recoveryId;
    }

    /**
     * The bytes the signature covers, copied: the human-readable part as UTF-8,
     * then the data part before the signature packed into bytes with zero padding.
     */
    public byte[] signedData() {
        return signedData.clone();
    }

    /** The invoice string, in lower case. */
    public String encoded() {
        return encoded;
    }

    // ---- time ----------------------------------------------------------------------------

    /** {@link #timestamp()} plus {@link #expiry()}; {@link Instant#MAX} if that is past it. */
    public Instant expiresAt() {
        long room = Instant.MAX.getEpochSecond() - timestamp.getEpochSecond();
        return meaning.expirySeconds() >= room ? Instant.MAX : timestamp.plusSeconds(meaning.expirySeconds());
    }

    /**
     * Whether the invoice has expired at {@code now}: at or after {@link #expiresAt()}.
     * A payer should not pay it, a payee should not accept payment (BOLT 11).
     */
    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bolt11Invoice other && encoded.equals(other.encoded);
    }

    @Override
    public int hashCode() {
        return encoded.hashCode();
    }

    /** A short summary; {@link #encoded()} is the invoice itself. */
    @Override
    public String toString() {
        return "Bolt11Invoice(ln" + hrp.currency()
                + (hrp.amountMsat().isPresent() ? ", " + hrp.amountMsat().getAsLong() + " msat" : ", any amount")
                + ", hash=" + meaning.paymentHash().hex() + ", at " + timestamp + ")";
    }
}

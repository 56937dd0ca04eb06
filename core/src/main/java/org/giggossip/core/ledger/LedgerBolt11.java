package org.giggossip.core.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.giggossip.core.crypto.Ecdsa;
import org.giggossip.core.crypto.Hkdf;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.invoice.Bolt11;
import org.giggossip.core.invoice.Bolt11Invoice;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Hash32;

/**
 * The BOLT 11 invoices of a {@link Ledger}: regtest currency
 * {@value #CURRENCY}, amounts in millisatoshi, signed by the issuing account's
 * key with its node id in the {@code n} field; and the payer's reading of one.
 */
final class LedgerBolt11 {
    /** The currency prefix of the ledger's invoices: Bitcoin regtest ({@code lnbcrt...}). */
    static final String CURRENCY = "bcrt";

    private static final byte[] SECRET_INFO = "giggossip/ledger/payment-secret".getBytes(StandardCharsets.US_ASCII);

    private LedgerBolt11() {}

    /** What a payer reads from an invoice: whom to pay, for which hash, how much. Or why it cannot pay it. */
    sealed interface Reading permits Payable, Refusal {}

    /** A verified, unexpired, {@code bcrt} invoice with an amount. */
    record Payable(PublicKey payee, Hash32 paymentHash, long amountMsat) implements Reading {
        Payable {
            Objects.requireNonNull(payee, "payee");
            Objects.requireNonNull(paymentHash, "paymentHash");
        }
    }

    /**
     * Why the string is not an invoice the payer can pay, with its payment hash
     * when the string is a valid invoice (so the payer can tell which payment
     * failed), else null.
     */
    record Refusal(String reason, Hash32 paymentHash) implements Reading {
        Refusal {
            Objects.requireNonNull(reason, "reason");
        }

        Refusal(String reason) {
            this(reason, null);
        }
    }

    /**
     * A signed hold invoice. The BOLT 11 timestamp is {@code now} in whole seconds
     * and the expiry the whole seconds up to {@code expiresAt}, rounded up; the
     * ledger's own record keeps the exact expiry. The payment secret is derived
     * from the issuer's key and the payment hash: unguessable by others, and the
     * same for the same inputs, so runs are reproducible. Throws
     * {@link IllegalArgumentException} if the fields make no valid invoice (a
     * memo that is too long).
     */
    static String encode(PrivateKey issuer, Hash32 paymentHash, long amountMsat, Instant now, Instant expiresAt,
            String memo) {
        Instant timestamp = Instant.ofEpochSecond(now.getEpochSecond());
        long millis = HoldInvoices.ceilMillis(expiresAt) - timestamp.toEpochMilli();
        Duration expiry = Duration.ofSeconds(Math.ceilDiv(millis, 1000L));
        return Bolt11.encode(Bolt11Invoice.builder(CURRENCY)
                .amountMsat(amountMsat)
                .timestamp(timestamp)
                .paymentHash(paymentHash)
                .paymentSecret(paymentSecret(issuer, paymentHash))
                .description(memo)
                .expiry(expiry)
                .payee(Ecdsa.compressedPublicKey(issuer)), issuer);
    }

    /** Reads an untrusted string as an invoice to pay at {@code now}. */
    static Reading decode(String bolt11, Instant now) {
        Bolt11Invoice invoice;
        switch (Bolt11.decode(bolt11)) {
            case Decoded.Err<Bolt11Invoice> err -> {
                return new Refusal("invalid invoice: " + err.error());
            }
            case Decoded.Ok<Bolt11Invoice> ok -> invoice = ok.value();
        }
        if (!invoice.currency().equals(CURRENCY)) {
            return new Refusal("invoice for currency " + invoice.currency() + ", not " + CURRENCY,
                    invoice.paymentHash());
        }
        if (invoice.amountMsat().isEmpty()) {
            return new Refusal("invoice without an amount", invoice.paymentHash());
        }
        if (invoice.isExpired(now)) {
            return new Refusal("invoice expired at " + invoice.expiresAt(), invoice.paymentHash());
        }
        return new Payable(invoice.payeeId(), invoice.paymentHash(), invoice.amountMsat().getAsLong());
    }

    private static byte[] paymentSecret(PrivateKey issuer, Hash32 paymentHash) {
        byte[] key = issuer.secretBytes();
        try {
            return Hkdf.derive(paymentHash.bytes(), key, SECRET_INFO, 32);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}

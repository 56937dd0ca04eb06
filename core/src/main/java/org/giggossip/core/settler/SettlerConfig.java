package org.giggossip.core.settler;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.wire.DisputeOutcome;
import org.giggossip.core.wire.JobPaymentEvidence;
import org.giggossip.core.wire.WireLimits;

/**
 * The policy of a {@link Settler}.
 *
 * @param networkFeeMsat             amount of the settler's own network invoice, the first of each
 *                                   payment chain (seed 000, 3.9)
 * @param invoiceTtl                 lifetime of a network invoice and of its settlement promise; also how
 *                                   long an issued reply hash waits for its sealed reply
 * @param disputeWindow              how long after the network payment settles the customer may open a
 *                                   dispute before the job payment is released to the worker
 * @param disputeDeadline            how long an open dispute waits for the administrator's ruling before
 *                                   {@code disputeDefault} applies; positive
 * @param disputeDefault             what happens to the job payment of a dispute not ruled on by its deadline
 * @param preimageRetention          how long a published preimage stays available to FetchPreimage
 * @param certificateValidity        validity of the settler's own certificate in its promises
 * @param requiredCustomerProperties properties a customer's certificate must certify
 * @param otherTrustedAuthorities    authorities besides the settler itself whose customer
 *                                   certificates it accepts
 * @param jobPaymentEvidence         what the settler checks, besides the replier's claim, before it
 *                                   reveals: {@link JobPaymentEvidence#LEDGER} when its wallet sees the job
 *                                   invoices (the embedded ledger), {@link JobPaymentEvidence#CUSTOMER_STATEMENT}
 *                                   otherwise (LND); stated in every promise
 * @param networkSettlement          when the network chain settles: at the reveal, or once the job is done
 *                                   (docs/settler.md, "Network settlement: on reveal or on job done")
 */
public record SettlerConfig(long networkFeeMsat, Duration invoiceTtl, Duration disputeWindow,
        Duration disputeDeadline, DisputeOutcome disputeDefault, Duration preimageRetention,
        Duration certificateValidity, Map<String, String> requiredCustomerProperties,
        Set<PublicKey> otherTrustedAuthorities, JobPaymentEvidence jobPaymentEvidence,
        NetworkSettlement networkSettlement) {

    /** {@code gg settler}'s network fee ({@code network_fee_msat}). */
    public static final long DEFAULT_NETWORK_FEE_MSAT = 2_000;
    /** {@code gg settler}'s network invoice and promise lifetime ({@code invoice_ttl_s}): 10 min. */
    public static final Duration DEFAULT_INVOICE_TTL = Duration.ofMinutes(10);
    /** {@code gg settler}'s dispute window ({@code dispute_window_s}): 24 h. */
    public static final Duration DEFAULT_DISPUTE_WINDOW = Duration.ofHours(24);
    /** {@code gg settler}'s dispute deadline ({@code dispute_deadline_s}): 3 days. */
    public static final Duration DEFAULT_DISPUTE_DEADLINE = Duration.ofDays(3);
    /** {@code gg settler}'s outcome of a dispute not ruled on by its deadline ({@code dispute_default}). */
    public static final DisputeOutcome DEFAULT_DISPUTE_OUTCOME = DisputeOutcome.PAY_WORKER;
    /**
     * {@code gg settler}'s network settlement ({@code network_settlement}): at the reveal (docs/settler.md,
     * "Network settlement: on reveal or on job done").
     */
    public static final NetworkSettlement DEFAULT_NETWORK_SETTLEMENT = NetworkSettlement.ON_REVEAL;

    public SettlerConfig {
        if (networkFeeMsat <= 0 || networkFeeMsat > WireLimits.MAX_MSAT) {
            throw new IllegalArgumentException("network fee must be 1 to " + WireLimits.MAX_MSAT + " msat");
        }
        requirePositive(invoiceTtl, "invoiceTtl");
        requirePositive(preimageRetention, "preimageRetention");
        requirePositive(certificateValidity, "certificateValidity");
        if (disputeWindow.isNegative()) {
            throw new IllegalArgumentException("negative dispute window");
        }
        requirePositive(disputeDeadline, "disputeDeadline");
        Objects.requireNonNull(disputeDefault, "disputeDefault");
        Objects.requireNonNull(networkSettlement, "networkSettlement");
        requiredCustomerProperties = Map.copyOf(requiredCustomerProperties);
        otherTrustedAuthorities = Set.copyOf(otherTrustedAuthorities);
        Objects.requireNonNull(jobPaymentEvidence, "jobPaymentEvidence");
    }

    /**
     * A policy whose settler checks job invoices in its ledger ({@link JobPaymentEvidence#LEDGER}) and settles
     * the network chain at the reveal ({@link #DEFAULT_NETWORK_SETTLEMENT}).
     */
    public SettlerConfig(long networkFeeMsat, Duration invoiceTtl, Duration disputeWindow,
            Duration disputeDeadline, DisputeOutcome disputeDefault, Duration preimageRetention,
            Duration certificateValidity, Map<String, String> requiredCustomerProperties,
            Set<PublicKey> otherTrustedAuthorities) {
        this(networkFeeMsat, invoiceTtl, disputeWindow, disputeDeadline, disputeDefault, preimageRetention,
                certificateValidity, requiredCustomerProperties, otherTrustedAuthorities, JobPaymentEvidence.LEDGER);
    }

    /** A policy that settles the network chain at the reveal ({@link #DEFAULT_NETWORK_SETTLEMENT}). */
    public SettlerConfig(long networkFeeMsat, Duration invoiceTtl, Duration disputeWindow,
            Duration disputeDeadline, DisputeOutcome disputeDefault, Duration preimageRetention,
            Duration certificateValidity, Map<String, String> requiredCustomerProperties,
            Set<PublicKey> otherTrustedAuthorities, JobPaymentEvidence jobPaymentEvidence) {
        this(networkFeeMsat, invoiceTtl, disputeWindow, disputeDeadline, disputeDefault, preimageRetention,
                certificateValidity, requiredCustomerProperties, otherTrustedAuthorities, jobPaymentEvidence,
                DEFAULT_NETWORK_SETTLEMENT);
    }

    /** This policy with another evidence of the job payment. */
    public SettlerConfig withJobPaymentEvidence(JobPaymentEvidence evidence) {
        return new SettlerConfig(networkFeeMsat, invoiceTtl, disputeWindow, disputeDeadline, disputeDefault,
                preimageRetention, certificateValidity, requiredCustomerProperties, otherTrustedAuthorities, evidence,
                networkSettlement);
    }

    /**
     * A policy with the given fee, invoice lifetime and dispute window; a dispute waits
     * {@link #DEFAULT_DISPUTE_DEADLINE} for a ruling and then pays the worker, published
     * preimages are kept a day, the settler's certificate is valid for a year,
     * customers need no particular property, only the settler is trusted, and the
     * job invoice is checked in the settler's ledger ({@link JobPaymentEvidence#LEDGER}).
     */
    public static SettlerConfig of(long networkFeeMsat, Duration invoiceTtl, Duration disputeWindow) {
        return new SettlerConfig(networkFeeMsat, invoiceTtl, disputeWindow, DEFAULT_DISPUTE_DEADLINE,
                DEFAULT_DISPUTE_OUTCOME, Duration.ofDays(1), Duration.ofDays(365), Map.of(), Set.of());
    }

    /** {@code gg settler}'s defaults (node/config/SettlerFile reads its file over them). */
    public static SettlerConfig defaults() {
        return of(DEFAULT_NETWORK_FEE_MSAT, DEFAULT_INVOICE_TTL, DEFAULT_DISPUTE_WINDOW);
    }

    /** This policy with another dispute deadline and default outcome. */
    public SettlerConfig withDisputeDeadline(Duration deadline, DisputeOutcome outcome) {
        return new SettlerConfig(networkFeeMsat, invoiceTtl, disputeWindow, deadline, outcome, preimageRetention,
                certificateValidity, requiredCustomerProperties, otherTrustedAuthorities, jobPaymentEvidence,
                networkSettlement);
    }

    /** This policy with another network settlement. */
    public SettlerConfig withNetworkSettlement(NetworkSettlement settlement) {
        return new SettlerConfig(networkFeeMsat, invoiceTtl, disputeWindow, disputeDeadline, disputeDefault,
                preimageRetention, certificateValidity, requiredCustomerProperties, otherTrustedAuthorities,
                jobPaymentEvidence, settlement);
    }

    /**
     * The longest a job payment can wait for the settler from the moment the reply is sealed: the
     * network invoice's lifetime, the dispute window and the deadline of a dispute opened at its end.
     * The worker sizes its job invoice from it (a margin on top), and the settler refuses to seal a
     * reply whose job invoice would expire first.
     */
    public Duration settlementSpan() {
        return invoiceTtl.plus(disputeWindow).plus(disputeDeadline);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}

package org.giggossip.node.api;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.giggossip.core.topic.Topic;
import org.giggossip.core.wire.PayloadId;

/**
 * What an application can do with one running node (docs/operations.md, "The app API"):
 * the customer's, the worker's and the operator's operations. The HTTP/JSON
 * API and the {@code gg job|work|peers|status} commands are one rendering of
 * this interface; the daemon and {@code gg demo} implement it over an engine.
 *
 * <p>Thread-safe: every method may be called from any thread and blocks until
 * the node's event loop has answered. Failures the caller caused throw
 * {@link ApiException} with a status and a reason.
 */
public interface NodeApi {

    /** The node's identity, addresses, peer count and balance. */
    NodeStatus status();

    /** The peers linked now. */
    List<PeerView> peers();

    // ---- customer ----

    /** Signs and broadcasts a job; offers then arrive as events and in {@link #job}. */
    JobView postJob(Topic topic);

    /** One of our jobs, with its offers and, once opened, the worker's reply. */
    Optional<JobView> job(PayloadId job);

    /** Our jobs, newest first. */
    List<JobView> jobs();

    /**
     * Takes offer {@code offer} of {@code job} and pays its network and job
     * invoices; progress arrives as events ({@code JobPaid}, {@code ReplyOpened}).
     *
     * @throws ApiException 404 for an unknown job or offer, 409 if the job already has a choice
     */
    void accept(PayloadId job, int offer);

    /**
     * The job is done: release the worker's payment. Confirming a disputed job withdraws the dispute
     * (the settler releases a disputed payment on the customer's confirmation).
     */
    void confirm(PayloadId job);

    /** Dispute the job: the settler holds the worker's payment. */
    void dispute(PayloadId job, String reason);

    /**
     * Withdraws a job no offer of which is paid or being paid (docs/operations.md, "Cancelling"): it
     * becomes {@code CANCELLED}, no offer may be taken, and the gigs of its offers are called off at
     * their settlers, so each worker learns at once that it was not taken.
     *
     * @throws ApiException 404 for an unknown job, 409 for a job being paid, paid or ended
     */
    void cancel(PayloadId job);

    // ---- worker ----

    /** Jobs received from the network that this node may still answer, newest first. */
    List<WorkView> work();

    /**
     * Answers a received job with a price and a message for the customer (sealed
     * so that only the customer can read it, once paid).
     *
     * @throws ApiException 404 if the job is unknown or can no longer be answered,
     *                      400 for a price that is not positive or a message over 4,096 bytes
     */
    void reply(PayloadId job, long priceMsat, byte[] message);

    /**
     * Answers the customer's dispute of a job we replied to with our statement, kept by the settler
     * as evidence for its administrator (one answer per dispute; the settler's refusal arrives as a
     * {@code SettlerRefused} event).
     *
     * @throws ApiException 404 if the job is unknown, 409 if we have no live job invoice for it
     */
    void answerDispute(PayloadId job, String statement);

    /**
     * Withdraws our offer for a received job before the customer pays it: our settler calls the gig
     * off (and tells the customer, who can no longer take it) and our job invoice is cancelled; the
     * work becomes {@code CANCELLED}.
     *
     * @throws ApiException 404 for a job we never received, 409 for one not answered, already paid or ended
     */
    void withdraw(PayloadId job);

    // ---- wallet ----

    /** The node's wallet balance. */
    Balance balance();

    /** The node's invoices and payments, newest first. */
    List<InvoiceView> invoices();

    // ---- stream ----

    /**
     * Delivers every later event, in order, to {@code listener} (called on a
     * thread of the node's; it must not block). Closing the handle stops delivery.
     */
    AutoCloseable subscribe(Consumer<ApiEvent> listener);
}

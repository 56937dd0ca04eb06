package org.giggossip.node.api;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.topic.Topic;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;

/**
 * Test double of the daemon's {@link NodeApi}: no engine, the views come from a
 * real {@link AppModel} that the test feeds with {@link #emit}; the operations
 * record what they were asked and emit the events an engine would.
 */
public final class FakeNodeApi implements NodeApi {
    public static final Instant T0 = Instant.parse("2026-01-31T18:00:00Z");

    public final AppModel model = new AppModel();
    public final PublicKey id = PrivateKey.generate(new SecureRandom()).publicKey();
    public final PublicKey peer = PrivateKey.generate(new SecureRandom()).publicKey();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    /** How often {@link #job} was asked (a client that polls can be seen polling). */
    public final java.util.concurrent.atomic.AtomicInteger jobReads = new java.util.concurrent.atomic.AtomicInteger();
    private final SecureRandom random = new SecureRandom();

    /** Feeds an engine event to the model, as the daemon's event loop would. */
    public ApiEvent emit(AppEvent e) {
        return model.on(e, T0);
    }

    @Override
    public NodeStatus status() {
        return new NodeStatus(id, "127.0.0.1:9735", 1, 21_000, "0.1.0-test", T0);
    }

    @Override
    public List<PeerView> peers() {
        return List.of(new PeerView(peer, "10.0.0.2:9735", true, T0, 2));
    }

    @Override
    public JobView postJob(Topic topic) {
        PayloadId job = PayloadId.random(random);
        calls.add("postJob");
        emit(new AppEvent.JobPosted(job, topic));
        return model.job(job).orElseThrow();
    }

    @Override
    public Optional<JobView> job(PayloadId job) {
        jobReads.incrementAndGet();
        return model.job(job);
    }

    @Override
    public List<JobView> jobs() {
        return model.jobs();
    }

    @Override
    public void accept(PayloadId job, int offer) {
        model.checkAccept(job, offer);
        calls.add("accept " + job.hex() + " " + offer);
        emit(new AppEvent.OfferChosen(job, offer, 1_000, false));
    }

    @Override
    public void confirm(PayloadId job) {
        JobView j = model.job(job).orElseThrow(() -> new ApiException(404, "no job " + job.hex()));
        if (!j.state().equals(AppModel.OPENED) && !j.state().equals(AppModel.DISPUTED)) {
            throw new ApiException(409, "job is " + j.state());
        }
        calls.add("confirm " + job.hex());
    }

    @Override
    public void dispute(PayloadId job, String reason) {
        model.job(job).orElseThrow(() -> new ApiException(404, "no job " + job.hex()));
        calls.add("dispute " + job.hex() + " " + reason);
        emit(new AppEvent.DisputeOpened(job, reason));
    }

    @Override
    public void answerDispute(PayloadId job, String statement) {
        model.paidHash(job);
        calls.add("answer-dispute " + job.hex() + " " + statement);
    }

    @Override
    public void cancel(PayloadId job) {
        model.checkCancel(job);
        calls.add("cancel " + job.hex());
        emit(new AppEvent.JobCancelled(job));
    }

    @Override
    public List<WorkView> work() {
        return model.work();
    }

    @Override
    public void reply(PayloadId job, long priceMsat, byte[] message) {
        model.checkReply(job);
        calls.add("reply " + job.hex() + " " + priceMsat + " " + new String(message, java.nio.charset.StandardCharsets.UTF_8));
        emit(new AppEvent.ReplySent(job, Hash32.of(new byte[32]), priceMsat));
    }

    @Override
    public void withdraw(PayloadId job) {
        java.util.List<Hash32> hashes = model.checkWithdraw(job);
        calls.add("withdraw " + job.hex());
        hashes.forEach(hash -> emit(new AppEvent.JobPaymentCancelled(hash, "withdrawn")));
    }

    @Override
    public Balance balance() {
        return new Balance(21_000, 5_000);
    }

    @Override
    public List<InvoiceView> invoices() {
        return List.of(new InvoiceView(Hash32.of(new byte[32]), true, 5_000, "ACCEPTED", "lnbcrt50n1test",
            T0.plusSeconds(600)));
    }

    @Override
    public AutoCloseable subscribe(Consumer<ApiEvent> listener) {
        return model.subscribe(listener);
    }
}

package org.giggossip.node.daemon;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.AppEvent;
import org.giggossip.core.engine.WorkerPolicy;
import org.giggossip.core.topic.Topic;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.node.api.ApiEvent;
import org.giggossip.node.api.ApiException;
import org.giggossip.node.api.AppModel;
import org.giggossip.node.api.Balance;
import org.giggossip.node.api.InvoiceView;
import org.giggossip.node.api.JobView;
import org.giggossip.node.api.NodeApi;
import org.giggossip.node.api.NodeStatus;
import org.giggossip.node.api.PeerView;
import org.giggossip.node.api.WorkView;
import org.giggossip.node.host.EngineHost;
import org.giggossip.node.host.HostListener;
import org.giggossip.node.host.LocalServices;

/**
 * The app API of a running node: commands go to the engine on its loop,
 * views come from the {@link AppModel} the engine's events keep up to date,
 * invoices from the wallet's reports.
 */
final class DaemonNodeApi implements NodeApi, HostListener {
    private final EngineHost host;
    private final AppModel model;
    private final InvoiceBook invoices;
    private final java.util.function.Supplier<String> listen;
    private final String version;
    private final Instant started;
    /** The settler and ledger this node serves, if it does: its fees show in the balance. */
    private final Optional<LocalServices> served;

    DaemonNodeApi(EngineHost host, AppModel model, InvoiceBook invoices, java.util.function.Supplier<String> listen,
            Instant started, Optional<LocalServices> served) {
        this.served = served;
        this.host = host;
        this.model = model;
        this.invoices = invoices;
        this.listen = listen;
        this.started = started;
        String v = DaemonNodeApi.class.getPackage().getImplementationVersion();
        this.version = v == null ? "dev" : v;
    }

    @Override
    public void event(PublicKey node, Instant at, AppEvent event) {
        model.on(event, at);
    }

    @Override
    public NodeStatus status() {
        return new NodeStatus(host.id(), listen.get(), host.links().peers().size(), balance().availableMsat(), version,
                started);
    }

    @Override
    public List<PeerView> peers() {
        return host.links().linkInfos().stream()
                .sorted(java.util.Comparator.comparing(l -> l.peer().hex()))
                .map(l -> new PeerView(l.peer(),
                        l.remote() == null ? "" : l.remote().getHostString() + ":" + l.remote().getPort(),
                        l.outbound(), l.since(), l.reconnects()))
                .toList();
    }

    @Override
    public JobView postJob(Topic topic) {
        PayloadId id;
        try {
            id = host.call(e -> e.postJob(topic));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(409, e.getMessage());
        }
        // JobPosted reaches the model on the loop before call() returns
        return model.job(id).orElseThrow(() -> new ApiException(503, "the job was posted but is not visible yet"));
    }

    @Override
    public Optional<JobView> job(PayloadId job) {
        return model.job(job);
    }

    @Override
    public List<JobView> jobs() {
        return model.jobs();
    }

    @Override
    public void accept(PayloadId job, int offer) {
        model.checkAccept(job, offer);
        run(e -> e.acceptOffer(job, offer));
    }

    @Override
    public void confirm(PayloadId job) {
        JobView j = model.job(job).orElseThrow(() -> new ApiException(404, "no job " + job.hex()));
        if (!j.state().equals(AppModel.OPENED) && !j.state().equals(AppModel.PAID)
                && !j.state().equals(AppModel.DISPUTED)) {
            throw new ApiException(409, "job " + job.hex() + " is " + j.state() + "; only a paid job is confirmed");
        }
        run(e -> e.confirmJob(job));
    }

    @Override
    public void dispute(PayloadId job, String reason) {
        JobView j = model.job(job).orElseThrow(() -> new ApiException(404, "no job " + job.hex()));
        if (!j.state().equals(AppModel.OPENED) && !j.state().equals(AppModel.PAID)) {
            throw new ApiException(409, "job " + job.hex() + " is " + j.state() + "; only a paid job is disputed");
        }
        run(e -> e.openDispute(job, reason));
    }

    @Override
    public void cancel(PayloadId job) {
        model.checkCancel(job);
        try {
            run(e -> e.cancelJob(job));
        } catch (IllegalArgumentException | IllegalStateException e) {
            // the engine moved on meanwhile (an offer being paid, or the job ended)
            throw new ApiException(409, e.getMessage());
        }
    }

    @Override
    public List<WorkView> work() {
        return model.work();
    }

    @Override
    public void reply(PayloadId job, long priceMsat, byte[] message) {
        if (priceMsat <= 0) {
            throw new ApiException(400, "price must be positive");
        }
        if (message.length > 4096) {
            throw new ApiException(400, "message of " + message.length + " bytes is over 4,096");
        }
        model.checkReply(job);
        boolean ok = host.call(e -> e.reply(job, new WorkerPolicy.Bid(priceMsat, message)));
        if (!ok) {
            throw new ApiException(404, "job " + job.hex() + " can no longer be answered (its reply window closed)");
        }
    }

    @Override
    public void answerDispute(PayloadId job, String statement) {
        Hash32 hash = model.paidHash(job);
        if (!host.call(e -> e.answerDispute(hash, statement))) {
            throw new ApiException(409, "job " + job.hex() + ": no live job invoice of ours (its payment ended)");
        }
    }

    @Override
    public void withdraw(PayloadId job) {
        List<org.giggossip.core.wire.Hash32> hashes = model.checkWithdraw(job);
        try {
            run(e -> hashes.forEach(e::withdrawReply));
        } catch (IllegalArgumentException | IllegalStateException e) {
            // the customer paid meanwhile, or the offer ended
            throw new ApiException(409, e.getMessage());
        }
    }

    @Override
    public Balance balance() {
        try {
            long[] b = host.payments().balance();
            return new Balance(b[0], b[1], served.map(LocalServices::settlerBalance));
        } catch (RuntimeException e) {
            throw new ApiException(503, "the wallet did not answer: " + e.getMessage());
        }
    }

    @Override
    public List<InvoiceView> invoices() {
        return invoices.list();
    }

    @Override
    public AutoCloseable subscribe(Consumer<ApiEvent> listener) {
        return model.subscribe(listener);
    }

    private void run(Consumer<org.giggossip.core.engine.Engine> command) {
        host.call(e -> {
            command.accept(e);
            return null;
        });
    }
}

package org.giggossip.sim.gig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.cert.CertificateValidator;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.Engine;
import org.giggossip.core.engine.EngineConfig;
import org.giggossip.core.engine.NodeIdentity;
import org.giggossip.core.engine.WorkerPolicy;
import org.giggossip.core.ledger.Ledger;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.pow.Target;
import org.giggossip.core.settler.NetworkSettlement;
import org.giggossip.core.settler.Settler;
import org.giggossip.core.settler.SettlerAuthority;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.settler.SettlerOutput;
import org.giggossip.core.topic.Geohash;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.topic.TopicPolicy;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.DisputeOutcome;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.Signer;
import org.giggossip.sim.net.Bandwidth;
import org.giggossip.sim.net.Churn;
import org.giggossip.sim.net.LatencyModel;
import org.giggossip.sim.net.LossModel;
import org.giggossip.sim.net.NetworkConditions;
import org.giggossip.sim.net.VirtualNetwork;
import org.giggossip.sim.random.RandomStreams;
import org.giggossip.sim.random.SeededRandom;
import org.giggossip.sim.time.Event;
import org.giggossip.sim.time.Scheduler;
import org.giggossip.sim.time.SimTime;
import org.giggossip.sim.topology.CityModel;
import org.giggossip.sim.topology.PlacedTopology;
import org.giggossip.sim.topology.Positions;
import org.giggossip.sim.topology.RandomRegular;
import org.giggossip.sim.topology.Topology;
import org.giggossip.sim.topology.WattsStrogatz;

/**
 * A simulated Gig-gossip network: the production {@link Engine} on every node,
 * one payment settler and one embedded ledger, on a virtual network in virtual
 * time (docs/architecture.md, "One engine, three hosts"). Frames travel encoded and
 * are decoded on arrival; every reaction of the host is a scheduled event, so
 * no engine is called from inside another's output. Seeded: the same
 * parameters give the same run.
 */
public final class World {
    final SimParams params;
    final RandomStreams streams;
    final Scheduler scheduler = new Scheduler();
    final int n;
    final Topology topology;
    final Positions positions;
    final PrivateKey[] keys;
    final PublicKey[] ids;
    final Map<PublicKey, Integer> index;
    final Behaviour[] behaviour;
    final boolean[] worker;
    final Engine[] engines;
    final int[] account;
    final Ledger ledger;
    final Settler settler;
    final int settlerAccount;
    final VirtualNetwork<byte[]> net;
    final Churn churn;
    final Metrics metrics;
    final Attacks attacks;
    final Faults faults;
    /** Customers that never confirm or that dispute, and the administrator's rulings (docs/settler.md). */
    final Disputes disputes;
    /** Every node's settled payments per payment hash, or null (parameter {@code audit}). */
    final MoneyAudit audit;
    final long settlerDelay;
    final long walletDelay;
    final long paymentDelay;
    final double hashRate;
    final boolean realPow;
    final double powDifficulty;
    /** The customer a censor or Sybil attack is aimed at, or -1. */
    int target = -1;
    /** Each node's trusted settler and the latest revocation list it fetched. */
    final TrustStore[] trust;
    /** Each node's certificate, as the settler issued it. */
    final Certificate[] certificates;
    /** Revocation-list fetches and deliveries pending in the scheduler (the rest is the world's other work). */
    private int fetchEvents;
    /** How often a node fetches the settler's revocation list, in virtual time. */
    final long fetchEvery;
    /** How often the settler re-signs its list while nothing changes. */
    private final Duration reissueEvery;
    /** The worker whose certificate the settler revoked ({@code revoke_at_s}), or -1. */
    int revokedWorker = -1;
    /** When it was revoked, in virtual time, or -1. */
    long revokedAt = -1;
    /** When each node first held a list that revokes it, or -1. */
    final long[] listKnownAt;
    private final long[] wakeAt;
    private final List<List<Event>> deferred;
    private long settlerWakeAt = Long.MAX_VALUE;
    private long ledgerTickAt = Long.MAX_VALUE;

    /** Builds the network described by {@code params}; {@code behaviours} assigns misbehaviour (may be null). */
    public World(SimParams params, BehaviourPlan behaviours) {
        this.params = params;
        this.streams = new RandomStreams(params.longValue("seed"));
        this.n = params.integer("nodes");
        if (n < 3) {
            throw new IllegalArgumentException("a simulation needs at least 3 nodes, got " + n);
        }
        PlacedTopology placed = buildTopology();
        this.topology = placed.topology();
        this.positions = placed.positions();
        this.settlerDelay = SimTime.millis(params.longValue("settler_delay_ms"));
        this.walletDelay = SimTime.millis(params.longValue("wallet_delay_ms"));
        this.paymentDelay = SimTime.millis(params.longValue("payment_delay_ms"));
        this.hashRate = Math.max(1, params.real("hash_rate"));
        this.realPow = params.get("pow").equals("real");
        this.powDifficulty = Math.max(1, params.real("pow_difficulty"));

        behaviour = new Behaviour[n];
        java.util.Arrays.fill(behaviour, Behaviour.HONEST);
        if (behaviours != null) {
            behaviours.assign(this, behaviour, streams.stream("behaviour"));
        }
        worker = new boolean[n];
        SplittableRandom workerDraw = streams.stream("workers");
        double workerShare = params.real("workers");
        for (int i = 0; i < n; i++) {
            worker[i] = behaviour[i] == Behaviour.HONEST && workerDraw.nextDouble() < workerShare;
        }
        metrics = new Metrics(behaviour);
        faults = new Faults(this, params, n);
        disputes = new Disputes(this, params, n);
        audit = params.flag("audit") ? new MoneyAudit() : null;

        // The settler: certification authority, settlement logic and its own ledger account.
        SeededRandom settlerRandom = new SeededRandom(streams.seedFor("settler", 0));
        PrivateKey settlerKey = PrivateKey.generate(settlerRandom);
        Signer settlerSigner = Signer.of(settlerKey, settlerRandom);
        CertificateAuthority ca = new CertificateAuthority(settlerSigner, "https://settler.sim/");
        long ttl = params.longValue("invoice_ttl_s");
        Duration invoiceTtl = Duration.ofSeconds(ttl > 0 ? ttl : params.longValue("offer_window_s") + 120);
        settler = new Settler(SettlerConfig.of(params.longValue("settler_fee_msat"), invoiceTtl,
                Duration.ofSeconds(params.longValue("dispute_window_s"))).withDisputeDeadline(
                        Duration.ofSeconds(Math.max(1, params.longValue("dispute_deadline_s"))),
                        DisputeOutcome.ofConfigName(params.get("dispute_default")).orElseThrow())
                        .withNetworkSettlement(NetworkSettlement.parse(params.get("network_settlement"))
                                .orElseThrow(() -> new IllegalArgumentException("parameter 'network_settlement':"
                                        + " expected on_reveal or on_job_done, got '"
                                        + params.get("network_settlement") + "'"))),
                settlerSigner, ca, scheduler.clock(), settlerRandom, this::settlerOutput);
        ledger = new Ledger(scheduler.clock(), this::ledgerEvent);
        settlerAccount = ledger.register(settlerKey);

        fetchEvery = SimTime.seconds(Math.max(1, params.longValue("revocation_fetch_s")));
        Duration maxListAge = Duration.ofSeconds(Math.max(params.longValue("revocation_fetch_s"),
                params.longValue("max_revocation_age_s")));
        reissueEvery = SimTime.toDuration(fetchEvery).compareTo(SettlerAuthority.REISSUE_EVERY) < 0
                ? SimTime.toDuration(fetchEvery) : SettlerAuthority.REISSUE_EVERY;
        trust = new TrustStore[n];
        listKnownAt = new long[n];
        certificates = new Certificate[n];
        EngineConfig base = baseConfig();
        EngineConfig latePayer = base.toBuilder().autoChoose(false).build();
        keys = new PrivateKey[n];
        ids = new PublicKey[n];
        index = new HashMap<>(n * 2);
        engines = new Engine[n];
        account = new int[n];
        long balance = params.longValue("balance_sat") * 1000;
        Duration validity = Duration.ofDays(365);
        for (int i = 0; i < n; i++) {
            SeededRandom random = new SeededRandom(streams.seedFor("node", i));
            keys[i] = PrivateKey.generate(random);
            ids[i] = keys[i].publicKey();
            index.put(ids[i], i);
            if (worker[i]) {
                settler.authority().grant(ids[i], "driving_licence", "valid");
            }
            Certificate cert = settler.authority().issue(ids[i], validity);
            certificates[i] = cert;
            // each node holds the settler's list it fetched at start, and judges with the daemon's validator
            trust[i] = new TrustStore(Set.of(settler.id()));
            CertificateValidator validator = new CertificateValidator(trust[i], scheduler.clock(), maxListAge);
            account[i] = ledger.register(keys[i]);
            ledger.mint(account[i], balance);
            EngineConfig config = worker[i] ? base.toBuilder().workerPolicy(driver(i)).build()
                    : disputes.configFor(i, faults.latePayer[i] ? latePayer : base);
            engines[i] = new Engine(config, new NodeIdentity(keys[i], Signer.of(keys[i], random), cert),
                    scheduler.clock(), random, validator, new NodeHost(this, i));
        }
        for (int u = 0; u < n; u++) {
            for (int k = 0; k < topology.degree(u); k++) {
                engines[u].peerConnected(ids[topology.neighbor(u, k)]);
            }
        }
        wakeAt = new long[n];
        java.util.Arrays.fill(wakeAt, Long.MAX_VALUE);
        deferred = new ArrayList<>(java.util.Collections.nCopies(n, (List<Event>) null));
        churn = buildChurn();
        net = new VirtualNetwork<byte[]>(scheduler, new NetworkConditions(latency(), loss(), Bandwidth.unlimited(),
                churn), streams, this::deliver).preserveOrderOn(topology);
        attacks = new Attacks(this);
        churn.start(scheduler, this::churned);
        startRevocationFetches();
    }

    // ---- revocation lists (docs/settler.md, "Revocation") ----

    /**
     * Every node offers its trust store the settler's latest list at start and then every
     * {@code revocation_fetch_s}, at a phase of its own (as daemons started at different times
     * do); the settler re-signs its list while nothing changes every
     * {@link SettlerAuthority#REISSUE_EVERY}, or every fetch period if shorter (as a node that
     * serves its settler does), so that a list is never older than two periods. At
     * {@code revoke_at_s} the settler revokes the certificate of one driver
     * ({@link #revokeCentralWorker}).
     */
    private void startRevocationFetches() {
        java.util.Arrays.fill(listKnownAt, -1);
        SplittableRandom phases = streams.stream("revocation");
        for (int i = 0; i < n; i++) {
            trust[i].offer(settler.authority().revocationList());
            int node = i;
            fetchEvents++;
            scheduler.schedule(phases.nextLong(fetchEvery) + 1, () -> fetchList(node));
        }
        long revokeAt = SimTime.seconds(params.longValue("revoke_at_s"));
        if (revokeAt > 0) {
            scheduler.schedule(revokeAt, this::revokeCentralWorker);
        }
    }

    /**
     * Node {@code i} fetches the settler's list (it arrives after a round trip), and again a period
     * later while anything else is still to happen: fetches alone would keep the world busy forever,
     * so a run drained to idle (the fault-injection tests' {@code runUntilIdle}) ends once only they
     * are left.
     */
    private void fetchList(int i) {
        fetchEvents--;
        long now = scheduler.now();
        settler.authority().refreshRevocationList(reissueEvery);
        var list = settler.authority().revocationList();
        fetchEvents++;
        scheduler.schedule(now + 2 * settlerDelay, () -> {
            fetchEvents--;
            runFor(i, () -> {
                trust[i].offer(list);
                if (revokedWorker >= 0 && listKnownAt[i] < 0 && trust[i].latest(settler.id()).orElseThrow().body()
                        .isRevoked(certificates[revokedWorker].id())) {
                    listKnownAt[i] = scheduler.now();
                }
            });
        });
        if (scheduler.pending() > fetchEvents) {
            fetchEvents++;
            scheduler.schedule(now + fetchEvery, () -> fetchList(i));
        }
    }

    /**
     * Revokes the driver most customers can hail: the one with the most other nodes within
     * {@code worker_radius_km} (then the one that got the most jobs so far), so that it keeps
     * being offered jobs after its revocation.
     */
    private void revokeCentralWorker() {
        double radius = params.real("worker_radius_km");
        int chosen = -1;
        long bestNear = -1;
        int bestJobs = -1;
        for (int i = 0; i < n; i++) {
            if (!worker[i]) {
                continue;
            }
            long near = 0;
            for (int j = 0; j < n; j++) {
                if (j != i && !worker[j] && Positions.distanceKm(positions.latitude(i), positions.longitude(i),
                        positions.latitude(j), positions.longitude(j)) <= radius) {
                    near++;
                }
            }
            int jobs = metrics.jobsOpenedBy.getOrDefault(ids[i], List.of()).size();
            if (near > bestNear || near == bestNear && jobs > bestJobs) {
                chosen = i;
                bestNear = near;
                bestJobs = jobs;
            }
        }
        if (chosen < 0) {
            return;
        }
        revokedWorker = chosen;
        revokedAt = scheduler.now();
        settler.authority().revoke(certificates[chosen]);
    }

    private PlacedTopology buildTopology() {
        SplittableRandom random = streams.stream("topology");
        int degree = params.integer("degree");
        return switch (params.get("topology")) {
            case "city" -> CityModel.sydney().withNearLinks(Math.max(2, degree - 1)).build(n, random);
            case "regular" -> new PlacedTopology(RandomRegular.build(n, degree, random),
                    Geo.uniformDisk(n, 15, streams.stream("positions")));
            case "smallworld" -> new PlacedTopology(WattsStrogatz.build(n, degree - degree % 2, params.real("rewire"),
                    random), Geo.uniformDisk(n, 15, streams.stream("positions")));
            default -> throw new IllegalArgumentException("unknown topology " + params.get("topology"));
        };
    }

    private EngineConfig baseConfig() {
        EngineConfig.Builder b = EngineConfig.builder()
                .fanout(params.integer("fanout"))
                .multibroadcast(params.integer("multibroadcast"))
                .repliesPerTopic(params.integer("replies_per_topic"))
                .seenRetention(Duration.ofSeconds(params.longValue("seen_retention_s")))
                .powTarget(realPow ? Target.fromDifficulty(powDifficulty) : Target.MAX)
                .maxPowDifficulty(Math.max(powDifficulty, 1 << 20))
                .replyFeeMsat(params.longValue("reply_fee_msat"))
                .offerWindow(Duration.ofSeconds(params.longValue("offer_window_s")))
                .senderTopicsPerWindow(params.integer("sender_limit"))
                .topicPolicy(TopicPolicy.defaults())
                .invoiceExpiryDelta(Duration.ofSeconds(params.longValue("invoice_delta_s")))
                .jobInvoiceMargin(Duration.ofSeconds(params.longValue("job_invoice_margin_s")))
                .settler(settler.id());
        long confirm = params.longValue("confirm_after_s");
        if (confirm > 0) {
            b.autoConfirmAfter(Duration.ofSeconds(confirm));
        }
        return b.build();
    }

    /** A driver answers pickups within the radius, at a base price plus a price per km. */
    private WorkerPolicy driver(int i) {
        double radius = params.real("worker_radius_km");
        long base = params.longValue("price_sat") * 1000;
        double lat = positions.latitude(i);
        double lon = positions.longitude(i);
        return (topic, now) -> {
            if (!(topic instanceof TaxiTopic taxi)) {
                return Optional.empty();
            }
            var cell = Geohash.tryDecode(taxi.fromGeohash());
            if (cell.isEmpty()) {
                return Optional.empty();
            }
            double km = Positions.distanceKm(lat, lon, cell.get().centreLatitude(), cell.get().centreLongitude());
            if (km > radius) {
                return Optional.empty();
            }
            long price = base + Math.round(km * 1_000_000);
            byte[] message = ("driver " + i + ", " + Math.round(km * 2 + 2) + " min away").getBytes(
                    java.nio.charset.StandardCharsets.UTF_8);
            return Optional.of(new WorkerPolicy.Bid(price, message));
        };
    }

    private LatencyModel latency() {
        double jitter = params.real("jitter");
        if (params.get("topology").equals("city")) {
            return new LatencyModel.Geographic(positions, SimTime.millis(20), 10 * SimTime.MICROSECOND, jitter);
        }
        long base = SimTime.millis(params.longValue("latency_ms"));
        return new LatencyModel.HashedLinks(streams.seedFor("latency", 0), (long) (base * (1 - jitter / 2)),
                (long) (base * (1 + jitter / 2)), (long) (base * jitter));
    }

    private LossModel loss() {
        double p = params.real("loss");
        return p == 0 ? LossModel.none() : new LossModel.Bernoulli(p);
    }

    private Churn buildChurn() {
        long online = params.longValue("churn_online_s");
        if (online == 0) {
            return Churn.none(n);
        }
        return Churn.exponential(n, SimTime.seconds(online), SimTime.seconds(params.longValue("churn_offline_s")),
                streams.seedFor("churn", 0));
    }

    // ---- the host's plumbing ----

    /** Runs {@code event} at {@code at} for node {@code i}, or when it is next online. */
    void at(long at, int i, Event event) {
        scheduler.schedule(Math.max(at, scheduler.now()), () -> runFor(i, event));
    }

    private void runFor(int i, Event event) {
        if (churn.isOnline(i)) {
            event.fire();
        } else {
            if (deferred.get(i) == null) {
                deferred.set(i, new ArrayList<>());
            }
            deferred.get(i).add(event);
        }
    }

    void wake(int i, long at) {
        long when = Math.max(at, scheduler.now());
        if (wakeAt[i] <= when && wakeAt[i] >= scheduler.now()) {
            return;
        }
        wakeAt[i] = when;
        at(when, i, () -> {
            if (wakeAt[i] == when) {
                wakeAt[i] = Long.MAX_VALUE;
            }
            engines[i].onWake();
        });
    }

    private void churned(int node, boolean online) {
        PublicKey me = ids[node];
        for (int k = 0; k < topology.degree(node); k++) {
            int j = topology.neighbor(node, k);
            if (online && churn.isOnline(j)) {
                engines[j].peerConnected(me);
                engines[node].peerConnected(ids[j]);
            } else if (!online) {
                engines[j].peerDisconnected(me);
                engines[node].peerDisconnected(ids[j]);
            }
        }
        if (online && deferred.get(node) != null) {
            List<Event> pending = deferred.get(node);
            deferred.set(node, null);
            pending.forEach(Event::fire);
        }
    }

    /** A frame arrives: decoded here, then judged by the receiver's host and engine. */
    private void deliver(int from, int to, byte[] bytes) {
        metrics.bytes[to] += bytes.length;
        attacks.receive(from, to, bytes);
    }

    /**
     * Node {@code node}'s way to the settler, through the one client interface the
     * daemon uses too: a request reaches the settler after the settler delay.
     */
    org.giggossip.core.settler.SettlerClient settlerClient(int node) {
        return (settlerId, request) -> {
            long now = scheduler.now();
            if (!settlerId.equals(settler.id())) {
                at(now + settlerDelay, node, () -> engines[node].onSettler(
                        new org.giggossip.core.settler.SettlerResponse.Refused(request.callId(),
                                "no route to settler " + settlerId.hex().substring(0, 12))));
                return;
            }
            scheduler.schedule(now + settlerDelay + faults.settlerExtra(), () -> settler.onRequest(ids[node], request));
        };
    }

    private void settlerOutput(SettlerOutput output) {
        long now = scheduler.now();
        switch (output) {
            case SettlerOutput.Respond r -> {
                Integer to = index.get(r.to());
                if (to != null) {
                    at(now + settlerDelay + faults.settlerExtra(), to, () -> engines[to].onSettler(r.response()));
                }
            }
            case SettlerOutput.Wallet w -> scheduler.schedule(now + walletDelay, () -> {
                if (w.request() instanceof WalletRequest.CreateHoldInvoice c) {
                    disputes.networkInvoice(c.paymentHash());
                }
                ledger.execute(settlerAccount, w.request());
                scheduleLedgerTick();
            });
            case SettlerOutput.WakeUp w -> {
                long when = Math.max(now, SimTime.of(Duration.between(scheduler.clock().epoch(), w.at())));
                if (when < settlerWakeAt || settlerWakeAt < now) {
                    settlerWakeAt = when;
                    scheduler.schedule(when, () -> {
                        if (settlerWakeAt == when) {
                            settlerWakeAt = Long.MAX_VALUE;
                        }
                        settler.onWake();
                    });
                }
            }
            case SettlerOutput.Publish p -> metrics.counters.counter("preimages_published").increment();
        }
    }

    private void ledgerEvent(int acct, WalletEvent event) {
        long now = scheduler.now();
        if (event instanceof WalletEvent.InvoiceSettled s) {
            disputes.silentSettled(acct == settlerAccount ? -1 : nodeOfAccount(acct), s.paymentHash(), s.amountMsat());
        }
        if (acct != settlerAccount) {
            disputes.networkInvoiceEvent(acct, event, now);
        }
        if (acct == settlerAccount) {
            scheduler.schedule(now + paymentDelay, () -> settler.onWallet(event));
            return;
        }
        int node = nodeOfAccount(acct);
        if (audit != null) {
            audit.on(node, event, now);
        }
        at(now + paymentDelay, node, () -> engines[node].onWallet(event));
    }

    private int nodeOfAccount(int acct) {
        // accounts were registered settler first, then nodes in order
        return acct - settlerAccount - 1;
    }

    /** Keeps one pending ledger tick at the ledger's next expiry. */
    void scheduleLedgerTick() {
        Optional<Instant> next = ledger.nextExpiry();
        if (next.isEmpty()) {
            return;
        }
        long when = Math.max(scheduler.now(), SimTime.of(Duration.between(scheduler.clock().epoch(), next.get())));
        if (when < ledgerTickAt || ledgerTickAt < scheduler.now()) {
            ledgerTickAt = when;
            scheduler.schedule(when, () -> {
                if (ledgerTickAt == when) {
                    ledgerTickAt = Long.MAX_VALUE;
                }
                ledger.advance(scheduler.clock().instant());
                scheduleLedgerTick();
            });
        }
    }

    /** Posts a taxi job from {@code customer}'s position; returns its id, or null if the node is offline. */
    PayloadId postJob(int customer, boolean spam, SplittableRandom random) {
        if (!churn.isOnline(customer)) {
            metrics.counters.counter("jobs_skipped_offline").increment();
            return null;
        }
        int precision = params.integer("precision");
        double lat = positions.latitude(customer);
        double lon = positions.longitude(customer);
        double[] to = Geo.offset(lat, lon, 2 + random.nextDouble() * 8, random);
        Instant now = scheduler.clock().instant();
        TaxiTopic topic = new TaxiTopic(Geohash.encode(lat, lon, precision), Geohash.encode(to[0], to[1], precision),
                now.plus(Duration.ofMinutes(5)), now.plus(Duration.ofMinutes(20)));
        PayloadId id = engines[customer].postJob(topic);
        metrics.jobPosted(id, customer, scheduler.now(), spam);
        if (!spam) {
            faults.posted(customer, id);
        }
        return id;
    }

    /** The virtual time the run ends: jobs posted, then the drain. */
    long endTime() {
        return SimTime.seconds(params.longValue("job_window_s") + params.longValue("drain_s"));
    }

    /** Nodes that are honest and online now. */
    int honestCount() {
        int c = 0;
        for (Behaviour b : behaviour) {
            if (b.honest()) {
                c++;
            }
        }
        return c;
    }
}

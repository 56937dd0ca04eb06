package org.giggossip.app.demo;

import io.netty.channel.nio.NioEventLoopGroup;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.cert.CertificateValidator;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.EngineConfig;
import org.giggossip.core.engine.NodeIdentity;
import org.giggossip.core.engine.Offer;
import org.giggossip.core.engine.WorkerPolicy;
import org.giggossip.core.pow.PowSolver;
import org.giggossip.core.pow.Target;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.core.wire.Signer;
import org.giggossip.net.admission.AdmissionPolicy;
import org.giggossip.net.link.LinkConfig;
import org.giggossip.node.host.EngineHost;
import org.giggossip.node.host.LocalServices;

/**
 * {@code gg demo} (docs/demo.md): the whole protocol on one machine
 * and in one process, over real TCP on 127.0.0.1 with the full BOLT 8
 * handshake and proof-of-work admission on every link. An embedded settler and
 * ledger; N nodes in a random connected graph; a customer near the Sydney
 * geohash of seed 000 asks for a ride; K drivers answer with prices; the
 * customer takes the cheapest, pays, opens the reply and prints the driver's
 * contact; the ride is confirmed and every invoice of the chosen chain settles.
 * It prints a timeline as things happen and a summary at the end.
 */
public final class Demo {
    /** Seed 000, section 3.2: the Legal Services Council in Sydney, at precision 7 ('r3gx2g5'). */
    public static final String PICKUP = "r3gx2g5";
    /** Sydney Opera House, a short ride away. */
    public static final String DROP_OFF = "r3gx2ux";

    private static final long BALANCE_MSAT = 1_000_000_000L; // one million sat each
    private static final String[] DRIVERS = {"Ava", "Ben", "Chloe", "Dev", "Ema", "Finn", "Grace", "Hugo"};

    /** What to run. */
    public record Options(int nodes, int drivers, int degree, long seed, double gossipPow, double admissionPow,
            Duration timeout) {
        public Options {
            if (nodes < 3 || nodes > 200) {
                throw new IllegalArgumentException("--nodes must be 3..200, not " + nodes);
            }
            if (drivers < 1 || drivers > Math.min(DRIVERS.length, nodes - 2)) {
                throw new IllegalArgumentException("--drivers must be 1.." + Math.min(DRIVERS.length, nodes - 2)
                        + " for " + nodes + " nodes (the customer and one middleman are not drivers)");
            }
            if (degree < 2 || degree >= nodes) {
                throw new IllegalArgumentException("--degree must be 2.." + (nodes - 1));
            }
        }

        /** 10 nodes, 3 drivers, about 3 links a node, 2^12 attempts per gossip hop, 2^14 per link. */
        public static Options defaults() {
            return new Options(10, 3, 3, 1, 1 << 12, 1 << 14, Duration.ofSeconds(25));
        }
    }

    private final Options options;
    private final PrintStream out;
    private final Timeline timeline;

    public Demo(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.timeline = new Timeline(out);
    }

    private URI settlerUrl;
    private Optional<PrivateKey> settlerAdmin = Optional.empty();

    /**
     * Runs the demo against a running {@code gg settler} at {@code url} instead of an
     * embedded settler: every node banks and is certified there. With the settler's
     * admin key the drivers' licences are granted too.
     */
    public Demo withSettler(URI url, Optional<PrivateKey> adminKey) {
        this.settlerUrl = url;
        this.settlerAdmin = adminKey;
        return this;
    }

    private DemoServices services(Clock clock, SecureRandom random) throws java.io.IOException, InterruptedException {
        if (settlerUrl != null) {
            return RemoteSettler.connect(settlerUrl, settlerAdmin, clock);
        }
        SettlerConfig settlerConfig = SettlerConfig.of(2_000, Duration.ofSeconds(120), Duration.ofSeconds(5));
        return DemoServices.local(new LocalServices(PrivateKey.generate(random), settlerConfig, clock, random));
    }

    /** Runs the demo; the report says what happened (also when it went wrong). */
    public DemoReport run() throws InterruptedException {
        long started = System.nanoTime();
        SplittableRandom plan = new SplittableRandom(options.seed());
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        int n = options.nodes();
        NioEventLoopGroup group = new NioEventLoopGroup(2);
        PowSolver pow = new PowSolver(Math.max(1, Runtime.getRuntime().availableProcessors()), clock);
        List<EngineHost> hosts = new ArrayList<>();
        try (DemoServices services = services(clock, random)) {
            // who is who
            int customer = 0;
            List<Integer> others = new ArrayList<>();
            for (int i = 1; i < n; i++) {
                others.add(i);
            }
            shuffle(others, plan);
            Map<Integer, String> driverNames = new LinkedHashMap<>();
            for (int k = 0; k < options.drivers(); k++) {
                driverNames.put(others.get(k), DRIVERS[k]);
            }
            String[] labels = new String[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i == customer ? "customer" : driverNames.containsKey(i)
                        ? "driver " + driverNames.get(i) : "node " + i;
            }

            out.printf("Gig-gossip demo: %d nodes on 127.0.0.1, %d drivers, %s%n", n, options.drivers(),
                    services.description());
            out.printf("  links: BOLT 8 (Noise_XK, secp256k1, ChaCha20-Poly1305) + proof-of-work admission of %,.0f"
                    + " expected attempts per side%n", options.admissionPow());
            out.printf("  gossip: proof of work of %,.0f expected attempts per hop; settler %s%n%n",
                    options.gossipPow(), services.settlerId().hex().substring(0, 12));

            TrustStore trust = new TrustStore(Set.of(services.settlerId()));
            CertificateValidator validator = new CertificateValidator(trust, clock);
            LinkConfig links = LinkConfig.defaults()
                    .withAdmission(AdmissionPolicy.ofDifficulty(options.admissionPow(), Duration.ofSeconds(10)));
            links = new LinkConfig(links.admission(), links.handshakeDeadline(), links.idle(), 256, 256,
                    links.framesPerSecond(), links.bytesPerSecond(), links.outboundHighWater(),
                    links.outboundLowWater());
            EngineConfig base = EngineConfig.builder()
                    .fanout(options.degree())
                    .powTarget(Target.fromDifficulty(options.gossipPow()))
                    .replyFeeMsat(1_000)
                    .offerWindow(Duration.ofSeconds(8))
                    .autoChoose(false)
                    .invoiceExpiryDelta(Duration.ofSeconds(20))
                    .settler(services.settlerId())
                    .build();
            Map<PublicKey, String> names = new HashMap<>();
            names.put(services.settlerId(), "settler");
            PrivateKey[] keys = new PrivateKey[n];
            for (int i = 0; i < n; i++) {
                keys[i] = PrivateKey.generate(random);
                names.put(keys[i].publicKey(), labels[i]);
            }
            timeline.names(names);
            services.watch(timeline::ledgerEvent);
            for (int i = 0; i < n; i++) {
                boolean driver = driverNames.containsKey(i);
                Certificate cert = services.enrol(keys[i], BALANCE_MSAT,
                        driver ? Map.of("driving_licence", "valid") : Map.of());
                EngineConfig config = driver
                        ? base.toBuilder().workerPolicy(bid(driverNames.get(i), i, plan)).build() : base;
                EngineHost host = EngineHost.builder(labels[i].replace(' ', '-'),
                                new NodeIdentity(keys[i], Signer.of(keys[i], random), cert))
                        .config(config).validator(validator).clock(clock).random(random).links(links).pow(pow)
                        .group(group).payments(services.binding(keys[i])).build();
                host.listen(new InetSocketAddress("127.0.0.1", 0));
                host.addListener(timeline);
                hosts.add(host);
            }

            // a random connected graph: a random spanning tree, then extra links up to the degree
            long linking = System.nanoTime();
            Set<Long> edges = graph(n, options.degree(), plan);
            List<CompletableFuture<PublicKey>> dials = new ArrayList<>();
            for (long e : edges) {
                int a = (int) (e >>> 32);
                int b = (int) e;
                dials.add(hosts.get(a).connect(hosts.get(b).id(), hosts.get(b).links().listenAddress().orElseThrow()));
            }
            CompletableFuture.allOf(dials.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
            awaitPeers(hosts, edges, n);
            long linksUp = (System.nanoTime() - linking) / 1_000_000;
            out.printf("%s  %d links up in %d ms (each: TCP, BOLT 8 handshake, both sides' admission proof of work)%n",
                    timeline.stamp(), edges.size(), linksUp);
            timeline.start();

            // the customer asks for a ride
            EngineHost customerHost = hosts.get(customer);
            Instant now = clock.instant();
            TaxiTopic ride = new TaxiTopic(PICKUP, DROP_OFF, now, now.plus(Duration.ofMinutes(30)));
            PayloadId job = customerHost.call(e -> e.postJob(ride));

            // collect offers: all drivers, or whatever came within the offer window
            long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            List<Offer> offers = List.of();
            while (System.nanoTime() < until) {
                offers = customerHost.call(e -> e.offers(job));
                if (offers.size() >= options.drivers()) {
                    break;
                }
                Thread.sleep(20);
            }
            DemoReport.Builder report = new DemoReport.Builder(n, "tcp");
            report.offers(offers.size());
            report.timings(linksUp, timeline.firstOfferMs(), -1);
            if (offers.isEmpty()) {
                return report.failed("no offer arrived within 6 s").elapsed(started);
            }
            Offer cheapest = offers.stream().min(java.util.Comparator.comparingLong(
                    (Offer o) -> o.jobPriceMsat() + o.networkFeeMsat())).orElseThrow();
            report.chosen(cheapest.jobPriceMsat(), cheapest.networkFeeMsat());
            timeline.note("customer", String.format("takes the cheapest of %d offers: #%d, %,d sat for the ride + %,d"
                    + " sat network fee", offers.size(), cheapest.number(), cheapest.jobPriceMsat() / 1000,
                    cheapest.networkFeeMsat() / 1000));
            customerHost.call(e -> {
                e.acceptOffer(job, cheapest.number());
                return null;
            });

            Instant deadline = Instant.now().plus(options.timeout());
            if (!timeline.await(Timeline.Milestone.PAID, deadline)) {
                return report.failed("the payment was not accepted in time").elapsed(started);
            }
            report.paid(true);
            report.timings(linksUp, timeline.firstOfferMs(), timeline.paidMs());
            if (!timeline.await(Timeline.Milestone.OPENED, deadline)) {
                return report.failed("the reply was not opened in time").elapsed(started);
            }
            report.replyOpened(true);
            out.printf("%n    >>> driver's message to the customer: \"%s\"%n%n", timeline.reply());
            // the ride happens; the customer confirms and the driver is paid
            customerHost.call(e -> {
                e.confirmJob(job);
                return null;
            });
            if (!timeline.await(Timeline.Milestone.SETTLED, deadline)) {
                return report.failed("the job payment did not settle in time").elapsed(started);
            }
            Hash32 network = timeline.chosenNetworkHash().orElseThrow();
            boolean chainSettled = timeline.awaitChainSettled(network, deadline);
            report.settled(chainSettled);
            DemoServices.Money money = services.money(network);
            report.moneyConserved(money.holds());
            timeline.invoiceTable(out);
            out.printf("%nmoney: %s%n", money.line());
            return report.elapsed(started);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return new DemoReport.Builder(n, "tcp").failed("the network did not come up: " + e).elapsed(started);
        } catch (java.io.IOException e) {
            return new DemoReport.Builder(n, "tcp").failed("the settler service did not answer: " + e.getMessage())
                    .elapsed(started);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return new DemoReport.Builder(n, "tcp").failed("the settler service refused: " + e.getMessage())
                    .elapsed(started);
        } finally {
            timeline.stop();
            hosts.forEach(EngineHost::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** A driver bids a base fare plus a random amount, with a message only the paying customer reads. */
    private static WorkerPolicy bid(String name, int node, SplittableRandom plan) {
        long priceMsat = (12_000 + plan.nextInt(0, 60) * 100L) * 1000;
        int minutes = 2 + plan.nextInt(0, 9);
        String plate = String.format("GG-%03d", 100 + node);
        byte[] message = String.format("%s here, white Toyota Prius %s, %d min away, call +61 400 000 %03d", name,
                plate, minutes, 100 + node).getBytes(StandardCharsets.UTF_8);
        return (topic, now) -> Optional.of(new WorkerPolicy.Bid(priceMsat, message));
    }

    /** Edges as (a << 32 | b), a dials b: a random spanning tree, then random extra links up to the degree. */
    static Set<Long> graph(int n, int degree, SplittableRandom random) {
        Set<Long> edges = new LinkedHashSet<>();
        int[] deg = new int[n];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        shuffle(order, random);
        for (int i = 1; i < n; i++) {
            int a = order.get(i);
            int b = order.get(random.nextInt(i));
            edges.add(edge(a, b));
            deg[a]++;
            deg[b]++;
        }
        int target = n * degree / 2;
        for (int tries = 0; edges.size() < target && tries < n * n * 4; tries++) {
            int a = random.nextInt(n);
            int b = random.nextInt(n);
            if (a == b || deg[a] >= degree + 1 || deg[b] >= degree + 1 || edges.contains(edge(a, b))
                    || edges.contains(edge(b, a))) {
                continue;
            }
            edges.add(edge(a, b));
            deg[a]++;
            deg[b]++;
        }
        return edges;
    }

    private static long edge(int a, int b) {
        return ((long) a << 32) | (b & 0xffffffffL);
    }

    private static void shuffle(List<Integer> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    /** Waits until every node's engine sees all its links (the link-up reaches the loop a moment after admission). */
    private static void awaitPeers(List<EngineHost> hosts, Set<Long> edges, int n) throws InterruptedException {
        int[] expected = new int[n];
        for (long e : edges) {
            expected[(int) (e >>> 32)]++;
            expected[(int) e]++;
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (int i = 0; i < n; i++) {
            while (hosts.get(i).call(e -> e.peers().size()) < expected[i] && System.nanoTime() < until) {
                Thread.sleep(10);
            }
        }
    }

    /** The timeline, for tests. */
    Timeline timeline() {
        return timeline;
    }
}

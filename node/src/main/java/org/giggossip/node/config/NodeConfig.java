package org.giggossip.node.config;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.core.crypto.KeyFileException;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.EngineConfig;
import org.giggossip.core.engine.OfferChooser;
import org.giggossip.core.settler.NetworkSettlement;
import org.giggossip.core.settler.SettlerConfig;

/**
 * A node's configuration, read from one INI file ({@link IniFile} has the syntax).
 *
 * <p>The VoidPhone keys (docs/specs/voidphone-gossip-api.md) work exactly as written
 * there: {@code hostkey} at the top level and {@code [gossip]} {@code cache_size}, {@code degree},
 * {@code bootstrapper}, {@code p2p_address}, {@code api_address}. A file with only those keys is
 * valid; {@code [node]}, {@code [settler]} and {@code [wallet]} then take the defaults listed on
 * their records. Relative paths are resolved against the directory of the configuration file.
 *
 * <p><b>Unknown names.</b> A VoidPhone configuration is one file shared by every module of a peer
 * ({@code [nse]}, {@code [rps]}, {@code [onion]}, {@code [dht]}...), so an <em>unknown section</em>
 * is skipped and reported in {@link #warnings()}. An <em>unknown key in one of our sections</em>
 * (the top level, {@code [gossip]}, {@code [node]}, {@code [settler]}, {@code [wallet]}) is refused:
 * a misspelt {@code degre = 5} silently taking the default is worse than a node that does not start.
 *
 * @param file     the file this was read from
 * @param identity where the node's secp256k1 identity key lives ({@code hostkey}, or
 *                 {@code [node] identity_key}, or {@code <data_dir>/identity.key})
 * @param gossip   the {@code [gossip]} section
 * @param node     the {@code [node]} section
 * @param settler  the {@code [settler]} section
 * @param wallet   the {@code [wallet]} section
 * @param worker   the {@code [worker]} section
 * @param customer the {@code [customer]} section
 * @param dave     the {@code [dave]} section; empty (no Dave node) when the file has none
 * @param metrics  {@code [metrics] listen}: where the Prometheus {@code /metrics} endpoint listens
 *                 (docs/metrics.md); empty (no endpoint) when the file has no {@code [metrics]} section
 * @param warnings skipped sections, one line each, naming file and line
 */
public record NodeConfig(Path file, Path identity, Gossip gossip, Node node, Settler settler, Wallet wallet,
                         Worker worker, Customer customer, Optional<Dave> dave, Optional<HostPort> metrics, List<String> warnings) {

    /** Where the app API listens unless {@code [node] app_address} says otherwise. */
    public static final String DEFAULT_APP_ADDRESS = "127.0.0.1:8735";

    /** Our sections and the keys each admits; anything else in them is refused. */
    private static final Map<String, Set<String>> KNOWN = Map.of(
            "", Set.of("hostkey"),
            "gossip", Set.of("cache_size", "degree", "bootstrapper", "p2p_address", "api_address"),
            "node", Set.of("data_dir", "identity_key", "app_address", "fanout", "multibroadcast",
                    "pow_difficulty", "reply_fee_msat", "admission_difficulty", "max_connections",
                    "max_connections_per_address", "target_links", "ping_period_s", "offer_window_s"),
            "settler", Set.of("public_key", "url", "address", "serve", "grant", "starting_balance_sat", "trusted",
                    "revocation_fetch_s", "max_revocation_age_s", "network_settlement"),
            "wallet", Set.of("backend", "lnd_host", "lnd_port", "lnd_tls_cert", "lnd_macaroon"),
            "worker", Set.of("price_sat", "message", "reply_window_s", "replies_per_topic",
                    "required_sender_properties"),
            "customer", Set.of("auto_choose", "max_price_sat", "max_network_fee_sat", "required_worker_properties"),
            "metrics", Set.of("listen"),
            "dave", Set.of("listen", "bootstrap", "store_mb", "work_to_store", "period_ns", "npeer", "tolerance",
                    "drop", "distance", "fanout_getdat", "fanout_setdat", "work_min_fanout", "per_source_per_second",
                    "max_dat_answers"));

    /**
     * The VoidPhone {@code [gossip]} section (seed 003).
     *
     * @param cacheSize    items kept for spreading, 1 to 100,000; default 50
     * @param degree       peers an item is spread to per hop, 1 to 1,000; default 30
     * @param bootstrappers peers to join through ({@code host:port} or {@code pubkey@host:port},
     *                     comma-separated; the spec writes one); default none
     * @param p2pAddress   where peers connect (the node's one listening address for gig-gossip and
     *                     VoidPhone traffic alike); default 127.0.0.1:6001
     * @param apiAddress   where local VoidPhone modules connect; default 127.0.0.1:7001
     */
    public record Gossip(int cacheSize, int degree, List<HostPort> bootstrappers, HostPort p2pAddress,
                         HostPort apiAddress) {
        /** Copies the list. */
        public Gossip {
            bootstrappers = List.copyOf(bootstrappers);
        }
    }

    /**
     * Our {@code [node]} section: where state lives and the protocol policy of
     * {@link EngineConfig} worth setting per node.
     *
     * @param dataDir        {@code data_dir}: the store and default key live here; default {@code gg-data}
     * @param appAddress     {@code app_address}: the local HTTP app API; default 127.0.0.1:8735
     * @param fanout         {@code fanout}: peers a topic is relayed to, 1 to 64; default 4
     * @param multibroadcast {@code multibroadcast}: times one payload id is relayed, 1 to 16, that is how many
     *                       routes of one topic go through this node as a middleman (seed 000, 3.6); default 1
     * @param powDifficulty  {@code pow_difficulty}: expected attempts we ask of a sender, 1 to 2^40; default 1024
     * @param replyFeeMsat   {@code reply_fee_msat}: our fee for carrying a reply back, 0 to 10^11; default 1000
     * @param admissionDifficulty {@code admission_difficulty}: expected attempts each side of a new link
     *                       solves (seed 003, 2.3), 1 to 2^32; default 65536
     * @param maxConnections {@code max_connections}: links and pending connections, 1 to 10,000; default 128
     * @param maxConnectionsPerAddress {@code max_connections_per_address}: inbound connections from one IP
     *                       address, 1 to 10,000; default 8 (a node serving many nodes of one machine, such
     *                       as a local network's hub, needs more)
     * @param targetLinks    {@code target_links}: below this many links, discovery asks for peers and dials
     *                       them (seed 004, section 3), 1 to 1,000; default 8
     * @param pingPeriodS    {@code ping_period_s}: seconds between two liveness pings to each linked peer,
     *                       1 to 30 (the ping is the keep-alive of the links' 90 s idle close); default 30
     * @param offerWindowS   {@code offer_window_s}: how long a job we post collects offers before the
     *                       {@code [customer] auto_choose} policy, if any, takes one (seed 000, 3.6;
     *                       {@code gg job accept} takes one at any time), 1 to 3600; default 10
     */
    public record Node(Path dataDir, HostPort appAddress, int fanout, int multibroadcast, long powDifficulty,
                       long replyFeeMsat, long admissionDifficulty, int maxConnections, int maxConnectionsPerAddress,
                       int targetLinks, int pingPeriodS, int offerWindowS) {}

    /**
     * Our {@code [settler]} section. A node either serves a settler itself ({@code serve = true}:
     * the settler's key is {@code <data_dir>/settler.key}, and a regtest ledger beside it is every
     * linked node's wallet), or names one: its {@code public_key} and where to reach it, the
     * {@code address} ({@code pubkey@host:port}) of the node serving it over our links, or its
     * {@code url} (the HTTP settler service of docs/settler.md). Without a settler the node relays but can
     * neither post nor answer jobs.
     *
     * @param publicKey {@code public_key}: the settler's x-only key, 64 hex digits; default none
     * @param url       {@code url}: the settler's http(s) endpoint; default none
     * @param address   {@code address}: {@code pubkey@host:port} of the node serving the settler and
     *                  its regtest ledger; default none
     * @param serve     {@code serve}: this node serves a settler and a regtest ledger; default false
     * @param grants    {@code grant}: properties the served settler certifies, {@code KEYHEX:name=value},
     *                  comma-separated (e.g. a driver's {@code driving_licence=valid}); default none
     * @param startingBalanceSat {@code starting_balance_sat}: what the served regtest ledger gives each
     *                  new account, 0 to 21,000,000 BTC in sat; default 1,000,000
     * @param trusted   {@code trusted}: further settlers (x-only keys, comma-separated) whose
     *                  certificates this node accepts from customers and workers; default none
     * @param revocationFetchS  {@code revocation_fetch_s}: how often the node fetches the revocation
     *                  list of every settler it trusts, 1 to 86,400 s; default 300
     * @param maxRevocationAgeS {@code max_revocation_age_s}: the node refuses the certificates of a
     *                  settler whose latest list was issued longer ago, at least {@code revocation_fetch_s},
     *                  at most 604,800 s; default 3 times {@code revocation_fetch_s}
     * @param networkSettlement {@code network_settlement}: when the served settler settles the network chain,
     *                  {@code on_reveal} (default) or {@code on_job_done} (docs/settler.md, "Network settlement")
     */
    public record Settler(Optional<PublicKey> publicKey, Optional<URI> url, Optional<HostPort> address,
                          boolean serve, List<Grant> grants, long startingBalanceSat, List<PublicKey> trusted,
                          long revocationFetchS, long maxRevocationAgeS, NetworkSettlement networkSettlement) {
        /** The default of {@code revocation_fetch_s}. */
        public static final long DEFAULT_REVOCATION_FETCH_S = 300;

        /** Copies the lists. */
        public Settler {
            grants = List.copyOf(grants);
            trusted = List.copyOf(trusted);
            if (revocationFetchS < 1 || maxRevocationAgeS < revocationFetchS) {
                throw new IllegalArgumentException("need 1 <= revocation_fetch_s <= max_revocation_age_s");
            }
            java.util.Objects.requireNonNull(networkSettlement, "networkSettlement");
        }

        /** A settler whose served settler, if any, settles the network chain at the reveal. */
        public Settler(Optional<PublicKey> publicKey, Optional<URI> url, Optional<HostPort> address,
                       boolean serve, List<Grant> grants, long startingBalanceSat, List<PublicKey> trusted,
                       long revocationFetchS, long maxRevocationAgeS) {
            this(publicKey, url, address, serve, grants, startingBalanceSat, trusted, revocationFetchS,
                    maxRevocationAgeS, SettlerConfig.DEFAULT_NETWORK_SETTLEMENT);
        }

        /** A settler with the default revocation fetch period and maximum age. */
        public Settler(Optional<PublicKey> publicKey, Optional<URI> url, Optional<HostPort> address,
                       boolean serve, List<Grant> grants, long startingBalanceSat, List<PublicKey> trusted) {
            this(publicKey, url, address, serve, grants, startingBalanceSat, trusted, DEFAULT_REVOCATION_FETCH_S,
                    3 * DEFAULT_REVOCATION_FETCH_S);
        }

        /** A node's settler with no served settler, no address and no grants (tests, simple configs). */
        public Settler(Optional<PublicKey> publicKey, Optional<URI> url) {
            this(publicKey, url, Optional.empty(), false, List.of(), 1_000_000, List.of());
        }

        /** How often the revocation list of every trusted settler is fetched. */
        public java.time.Duration revocationFetch() {
            return java.time.Duration.ofSeconds(revocationFetchS);
        }

        /** The greatest age of a settler's latest list at which its certificates are still accepted. */
        public java.time.Duration maxRevocationAge() {
            return java.time.Duration.ofSeconds(maxRevocationAgeS);
        }
    }

    /** One certified property: {@code subject} may claim {@code name = value}. */
    public record Grant(PublicKey subject, String name, String value) {}

    /**
     * Our {@code [worker]} section: an automatic worker for operators and tests (a "bot driver").
     * Without {@code price_sat}, jobs are left to the application (the app API's {@code work}).
     *
     * @param priceSat     {@code price_sat}: answer every job we can at this price; default none
     * @param message      {@code message}: the message sealed for the paying customer; default a greeting
     * @param replyWindowS {@code reply_window_s}: how long the application may answer a job, 1 to 3600;
     *                     default 60
     * @param repliesPerTopic {@code replies_per_topic}: copies of one job, each come over another route, that
     *                     we answer, one offer each with its own network fee (seed 000, 3.6), 1 to
     *                     {@value EngineConfig#MAX_REPLIES_PER_TOPIC}; default 2
     * @param requiredSenderProperties {@code required_sender_properties}: certificate properties a
     *                     customer must have for its topics to be accepted here, {@code name=value}
     *                     comma-separated (seed 000, 3.2); a topic without them is neither answered nor
     *                     relayed by this node; default none
     */
    public record Worker(Optional<Long> priceSat, String message, int replyWindowS, int repliesPerTopic,
                         Map<String, String> requiredSenderProperties) {
        /** Copies the map. */
        public Worker {
            requiredSenderProperties = java.util.Collections.unmodifiableSortedMap(
                    new java.util.TreeMap<>(requiredSenderProperties));
        }

        /** A worker section that answers two routes and requires nothing of customers. */
        public Worker(Optional<Long> priceSat, String message, int replyWindowS) {
            this(priceSat, message, replyWindowS, 2, Map.of());
        }
    }

    /**
     * Our {@code [customer]} section: whether this node pays an offer for a job we posted without the
     * rider's say. Paying needs the rider's consent ({@code gg job accept}) unless the file chooses a
     * policy here.
     *
     * @param autoChoose       {@code auto_choose}: {@code none} (the default: only the rider takes an
     *                         offer) or {@code cheapest} (when the offer window closes, take and pay the
     *                         cheapest offer by total price within the two limits below)
     * @param maxPriceSat      {@code max_price_sat}: an offer whose job price is above this is never
     *                         taken automatically; default no limit
     * @param maxNetworkFeeSat {@code max_network_fee_sat}: an offer whose network fee is above this is never
     *                         taken automatically; default no limit
     * @param requiredWorkerProperties {@code required_worker_properties}: certificate properties a worker
     *                         must have, {@code name=value} comma-separated (e.g. {@code driving_licence=valid});
     *                         an offer from a worker without them is dropped when it arrives, before
     *                         anything is paid (seed 000, 3.9); default none
     */
    public record Customer(String autoChoose, Optional<Long> maxPriceSat, Optional<Long> maxNetworkFeeSat,
                           Map<String, String> requiredWorkerProperties) {
        /** {@code auto_choose} values. */
        public static final String NONE = "none", CHEAPEST = "cheapest";

        /** Copies the map. */
        public Customer {
            requiredWorkerProperties = java.util.Collections.unmodifiableSortedMap(
                    new java.util.TreeMap<>(requiredWorkerProperties));
        }

        /** A customer section that requires nothing of workers. */
        public Customer(String autoChoose, Optional<Long> maxPriceSat, Optional<Long> maxNetworkFeeSat) {
            this(autoChoose, maxPriceSat, maxNetworkFeeSat, Map.of());
        }

        /** The default: no automatic choice, nothing required of workers. */
        public static Customer defaults() {
            return new Customer(NONE, Optional.empty(), Optional.empty());
        }

        /** Whether a policy chooses for the rider. */
        public boolean chooses() {
            return autoChoose.equals(CHEAPEST);
        }

        /** The engine's chooser: the cheapest offer within the limits. */
        public OfferChooser chooser() {
            return OfferChooser.cheapestWithin(maxPriceSat.map(s -> s * 1000).orElse(Long.MAX_VALUE),
                    maxNetworkFeeSat.map(s -> s * 1000).orElse(Long.MAX_VALUE));
        }
    }

    /**
     * Our {@code [wallet]} section.
     *
     * @param backend {@code backend}: {@code embedded} (the regtest ledger of the settler node this node
     *                serves or links to), {@code settler} (a regtest account at the settler service of
     *                {@code [settler] url}) or {@code lnd} (an LND node, {@link LndSettings}); default
     *                {@code settler} with a {@code url}, else {@code embedded}
     * @param lnd     the LND node, for {@code backend = lnd}
     */
    public record Wallet(String backend, Optional<LndSettings> lnd) {
        /** A wallet backend other than LND. */
        public Wallet(String backend) {
            this(backend, Optional.empty());
        }
    }

    /**
     * Our {@code [dave]} section: a Dave node (seed 004, dave-v1.md) beside the gig-gossip one, on
     * UDP. Off unless the file has a {@code [dave]} section, which must then give {@code listen}.
     *
     * @param listen      {@code listen}: the UDP {@code host:port} (port 0: any free port); required
     * @param bootstrap   {@code bootstrap}: Dave peers to join through, {@code host:port}, comma-separated;
     *                    never dropped; default none
     * @param storeMb     {@code store_mb}: most megabytes of values kept, 1 to 1,048,576; beyond, the
     *                    lightest by work and age go; default 64
     * @param workToStore {@code work_to_store}: least strength (leading zero bytes of work) stored, 0 to
     *                    32; default 3
     * @param protocol    the node's constants: the spec's (period_ns, npeer, tolerance, drop, distance,
     *                    fanout_getdat, fanout_setdat, work_min_fanout; the April 2024 values by default),
     *                    our bounds (per_source_per_second, max_dat_answers) and the store above
     */
    public record Dave(HostPort listen, List<HostPort> bootstrap, long storeMb, int workToStore,
            org.giggossip.net.dave.DaveConfig protocol) {
        /** The spec's constants with this section's store. */
        public Dave(HostPort listen, List<HostPort> bootstrap, long storeMb, int workToStore) {
            this(listen, bootstrap, storeMb, workToStore,
                    org.giggossip.net.dave.DaveConfig.defaults().withStore(workToStore, storeMb << 20));
        }

        /** Copies the list. */
        public Dave {
            bootstrap = List.copyOf(bootstrap);
        }
    }

    /**
     * The Dave constants of {@code [dave]}: the spec's names in snake case, each defaulting to the
     * April 2024 value ({@code DaveConfig.defaults()}), and our two reflection bounds.
     */
    private static org.giggossip.net.dave.DaveConfig daveProtocol(IniValues v, int workToStore, long storeMb)
            throws ConfigException {
        var d = org.giggossip.net.dave.DaveConfig.defaults();
        return new org.giggossip.net.dave.DaveConfig(
                java.time.Duration.ofNanos(v.integer("dave", "period_ns", d.period().toNanos(), 1_000_000,
                        60_000_000_000L)),
                (int) v.integer("dave", "npeer", d.npeer(), 1, org.giggossip.net.dave.DaveCodec.MAX_PEERS),
                (int) v.integer("dave", "tolerance", d.tolerance(), 1, 1_000),
                (int) v.integer("dave", "drop", d.drop(), 1, 1_000),
                (int) v.integer("dave", "distance", d.distance(), 1, org.giggossip.net.dave.DaveCodec.MAX_PEERS - 1),
                (int) v.integer("dave", "fanout_getdat", d.fanoutGetdat(), 1, 64),
                (int) v.integer("dave", "fanout_setdat", d.fanoutSetdat(), 1, 64),
                (int) v.integer("dave", "work_min_fanout", d.workMinFanout(), 0, 32),
                workToStore, storeMb << 20,
                (int) v.integer("dave", "per_source_per_second", d.perSourcePerSecond(), 1, 1_000_000),
                (int) v.integer("dave", "max_dat_answers", d.maxDatAnswers(), 1, 64));
    }

    /** Copies the list. */
    public NodeConfig {
        warnings = List.copyOf(warnings);
    }

    /** Reads, parses and checks {@code file}. */
    public static NodeConfig load(Path file) throws ConfigException {
        return from(IniFile.read(file));
    }

    /** Checks a parsed file. */
    public static NodeConfig from(IniFile ini) throws ConfigException {
        Path file = ini.file();
        Path base = Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(Path.of("."));
        List<String> warnings = new ArrayList<>();
        IniValues.checkKeys(ini, KNOWN, warnings);
        IniValues v = new IniValues(ini, base);

        Gossip gossip = new Gossip(
                (int) v.integer("gossip", "cache_size", 50, 1, 100_000),
                (int) v.integer("gossip", "degree", 30, 1, 1_000),
                v.peers("gossip", "bootstrapper"),
                v.address("gossip", "p2p_address", "127.0.0.1:6001"),
                v.address("gossip", "api_address", "127.0.0.1:7001"));
        Path dataDir = v.path("node", "data_dir").orElse(base.resolve("gg-data"));
        Node node = new Node(dataDir,
                v.address("node", "app_address", DEFAULT_APP_ADDRESS),
                (int) v.integer("node", "fanout", 4, 1, 64),
                (int) v.integer("node", "multibroadcast", 1, 1, 16),
                v.integer("node", "pow_difficulty", 1024, 1, 1L << 40),
                v.integer("node", "reply_fee_msat", 1000, 0, 100_000_000_000L),
                v.integer("node", "admission_difficulty", 1 << 16, 1, 1L << 32),
                (int) v.integer("node", "max_connections", 128, 1, 10_000),
                (int) v.integer("node", "max_connections_per_address", 8, 1, 10_000),
                (int) v.integer("node", "target_links", 8, 1, 1_000),
                (int) v.integer("node", "ping_period_s", 30, 1, 30),
                (int) v.integer("node", "offer_window_s", 10, 1, 3600));

        Optional<Path> hostkey = v.path("", "hostkey");
        Optional<Path> identityKey = v.path("node", "identity_key");
        if (hostkey.isPresent() && identityKey.isPresent()) {
            throw new ConfigException(file, ini.get("node", "identity_key").orElseThrow().line(),
                    "identity_key and the top-level hostkey both name the identity; keep one");
        }
        Path identity = hostkey.or(() -> identityKey).orElse(dataDir.resolve("identity.key"));

        boolean serve = v.bool("settler", "serve", false);
        Optional<HostPort> address = v.text("settler", "address").isPresent()
                ? Optional.of(v.peer("settler", "address")) : Optional.empty();
        long fetchS = v.integer("settler", "revocation_fetch_s", Settler.DEFAULT_REVOCATION_FETCH_S, 1, 86_400);
        String settlement = v.text("settler", "network_settlement")
                .orElse(SettlerConfig.DEFAULT_NETWORK_SETTLEMENT.iniName());
        NetworkSettlement networkSettlement = NetworkSettlement.parse(settlement).orElseThrow(() ->
                new ConfigException(file, ini.get("settler", "network_settlement").orElseThrow().line(),
                        "network_settlement: expected on_reveal or on_job_done, got '" + settlement + "'"));
        Settler settler = new Settler(v.publicKey("settler", "public_key"), v.url("settler", "url"), address,
                serve, v.grants("settler", "grant"),
                v.integer("settler", "starting_balance_sat", 1_000_000, 0, 2_100_000_000_000_000L),
                v.publicKeys("settler", "trusted"), fetchS,
                v.integer("settler", "max_revocation_age_s", 3 * fetchS, fetchS, 604_800), networkSettlement);
        int settlerLine = ini.sectionLine("settler");
        if (serve && (settler.address().isPresent() || settler.url().isPresent())) {
            throw new ConfigException(file, settlerLine, "[settler] serve = true names no other settler;"
                    + " remove address and url");
        }
        if (!serve && settler.url().isPresent() && settler.publicKey().isEmpty()) {
            throw new ConfigException(file, settlerLine, "[settler] url needs the settler's public_key");
        }
        if (!serve && settler.publicKey().isPresent() && settler.url().isEmpty() && settler.address().isEmpty()) {
            throw new ConfigException(file, settlerLine, "[settler] public_key needs a url or an address to reach"
                    + " the settler");
        }
        Worker worker = new Worker(v.text("worker", "price_sat").isPresent()
                ? Optional.of(v.integer("worker", "price_sat", 0, 1, 21_000_000L * 100_000_000L)) : Optional.empty(),
                v.text("worker", "message").orElse("hello from a gig-gossip worker"),
                (int) v.integer("worker", "reply_window_s", 60, 1, 3600),
                (int) v.integer("worker", "replies_per_topic", 2, 1, EngineConfig.MAX_REPLIES_PER_TOPIC),
                v.properties("worker", "required_sender_properties"));
        Customer customer = customer(ini, v);
        String backend = v.text("wallet", "backend").orElse(settler.url().isPresent() ? "settler" : "embedded")
                .toLowerCase(Locale.ROOT);
        Wallet wallet = switch (backend) {
            case "embedded" -> {
                if (settler.url().isPresent()) {
                    throw new ConfigException(file, ini.get("wallet", "backend").orElseThrow().line(),
                            "wallet backend 'embedded' is the ledger of a settler node (serve or address); with"
                                    + " [settler] url use 'settler' or 'lnd'");
                }
                yield new Wallet(backend);
            }
            case "settler" -> {
                if (settler.url().isEmpty()) {
                    throw new ConfigException(file, ini.get("wallet", "backend").orElseThrow().line(),
                            "wallet backend 'settler' is a regtest account at the settler service: it needs"
                                    + " [settler] url");
                }
                yield new Wallet(backend);
            }
            case "lnd" -> new Wallet(backend, Optional.of(LndSettings.read(ini, v)));
            default -> throw new ConfigException(file, ini.get("wallet", "backend").orElseThrow().line(),
                    "wallet backend '" + backend + "' is not supported: embedded, settler or lnd");
        };
        Optional<Dave> dave = Optional.empty();
        if (ini.hasSection("dave")) {
            if (v.text("dave", "listen").isEmpty()) {
                throw new ConfigException(file, ini.sectionLine("dave"), "[dave] needs listen = host:port (UDP);"
                        + " remove the section to run no Dave node");
            }
            long storeMb = v.integer("dave", "store_mb", 64, 1, 1 << 20);
            int workToStore = (int) v.integer("dave", "work_to_store", 3, 0, 32);
            dave = Optional.of(new Dave(v.address("dave", "listen", ""), v.peers("dave", "bootstrap", false),
                    storeMb, workToStore, daveProtocol(v, workToStore, storeMb)));
        }
        Optional<HostPort> metrics = metricsAddress(ini, v);
        return new NodeConfig(file, identity, gossip, node, settler, wallet, worker, customer, dave, metrics,
                warnings);
    }

    /** {@code [customer]}: {@code auto_choose} is {@code none} or {@code cheapest}; limits only with a policy. */
    private static Customer customer(IniFile ini, IniValues v) throws ConfigException {
        String autoChoose = v.text("customer", "auto_choose").orElse(Customer.NONE).toLowerCase(Locale.ROOT);
        if (!autoChoose.equals(Customer.NONE) && !autoChoose.equals(Customer.CHEAPEST)) {
            throw new ConfigException(ini.file(), ini.get("customer", "auto_choose").orElseThrow().line(),
                    "[customer] auto_choose '" + autoChoose + "' is not supported: none or cheapest");
        }
        long maxSat = 21_000_000L * 100_000_000L;
        Optional<Long> maxPrice = v.text("customer", "max_price_sat").isPresent()
                ? Optional.of(v.integer("customer", "max_price_sat", 0, 0, maxSat)) : Optional.empty();
        Optional<Long> maxFee = v.text("customer", "max_network_fee_sat").isPresent()
                ? Optional.of(v.integer("customer", "max_network_fee_sat", 0, 0, maxSat)) : Optional.empty();
        if (autoChoose.equals(Customer.NONE) && (maxPrice.isPresent() || maxFee.isPresent())) {
            throw new ConfigException(ini.file(), ini.sectionLine("customer"), "[customer] max_price_sat and"
                    + " max_network_fee_sat limit the auto_choose policy; set auto_choose = cheapest or remove them");
        }
        return new Customer(autoChoose, maxPrice, maxFee, v.properties("customer", "required_worker_properties"));
    }

    /**
     * {@code [metrics] listen}: off without a {@code [metrics]} section, which then needs
     * {@code listen} (a {@code host:port}; port 0 takes any free port). Shared by the settler's file.
     */
    static Optional<HostPort> metricsAddress(IniFile ini, IniValues v) throws ConfigException {
        if (!ini.hasSection("metrics")) {
            return Optional.empty();
        }
        if (v.text("metrics", "listen").isEmpty()) {
            throw new ConfigException(ini.file(), ini.sectionLine("metrics"), "[metrics] needs listen = host:port"
                    + " (such as 127.0.0.1:9735); remove the section to serve no metrics");
        }
        return Optional.of(v.address("metrics", "listen", ""));
    }

    /**
     * Loads the identity key, creating it owner-only (with any missing directories) on first
     * start, through {@link KeyFile#loadOrCreate}.
     */
    public PrivateKey loadOrCreateIdentity(SecureRandom random) throws KeyFileException {
        return KeyFile.loadOrCreate(identity, random);
    }

    /**
     * Every setting with its effective value, defaults included, as INI text ({@code gg node
     * --check}), and what would stop a start: a key file that exists but does not load, a data
     * directory that is a file, an LND file that cannot be read. Reads; creates nothing.
     */
    public EffectiveSettings effective() {
        EffectiveSettings e = new EffectiveSettings("effective settings of " + file.toAbsolutePath()
                + " (defaults included)");
        warnings.forEach(w -> e.comment("warning: " + w));
        e.set("hostkey", identity);
        e.section("gossip")
                .set("cache_size", gossip.cacheSize())
                .set("degree", gossip.degree())
                .list("bootstrapper", gossip.bootstrappers())
                .set("p2p_address", gossip.p2pAddress())
                .set("api_address", gossip.apiAddress());
        e.section("node")
                .set("data_dir", node.dataDir())
                .comment("identity_key: the hostkey above")
                .set("app_address", node.appAddress())
                .set("fanout", node.fanout())
                .set("multibroadcast", node.multibroadcast())
                .set("pow_difficulty", node.powDifficulty())
                .set("reply_fee_msat", node.replyFeeMsat())
                .set("admission_difficulty", node.admissionDifficulty())
                .set("max_connections", node.maxConnections())
                .set("max_connections_per_address", node.maxConnectionsPerAddress())
                .set("target_links", node.targetLinks())
                .set("ping_period_s", node.pingPeriodS())
                .set("offer_window_s", node.offerWindowS());
        e.section("settler")
                .set("public_key", settler.publicKey().map(PublicKey::hex))
                .set("url", settler.url().map(u -> EffectiveSettings.redact(u.toString())))
                .set("address", settler.address())
                .set("serve", settler.serve())
                .list("grant", settler.grants().stream()
                        .map(g -> g.subject().hex() + ":" + g.name() + "=" + g.value()).toList())
                .set("starting_balance_sat", settler.startingBalanceSat())
                .list("trusted", settler.trusted().stream().map(PublicKey::hex).toList())
                .set("revocation_fetch_s", settler.revocationFetchS())
                .set("max_revocation_age_s", settler.maxRevocationAgeS())
                .set("network_settlement", settler.networkSettlement().iniName());
        e.section("wallet").set("backend", wallet.backend());
        wallet.lnd().ifPresent(l -> e.set("lnd_host", l.host()).set("lnd_port", l.port())
                .set("lnd_tls_cert", l.tlsCert()).set("lnd_macaroon", l.macaroon()));
        e.section("worker")
                .set("price_sat", worker.priceSat())
                .set("message", worker.message())
                .set("reply_window_s", worker.replyWindowS())
                .set("replies_per_topic", worker.repliesPerTopic())
                .list("required_sender_properties", properties(worker.requiredSenderProperties()));
        e.section("customer")
                .set("auto_choose", customer.autoChoose())
                .set("max_price_sat", customer.maxPriceSat())
                .set("max_network_fee_sat", customer.maxNetworkFeeSat())
                .list("required_worker_properties", properties(customer.requiredWorkerProperties()));
        if (dave.isPresent()) {
            Dave d = dave.get();
            var p = d.protocol();
            e.section("dave")
                    .set("listen", d.listen())
                    .list("bootstrap", d.bootstrap())
                    .set("store_mb", d.storeMb())
                    .set("work_to_store", d.workToStore())
                    .set("period_ns", p.period().toNanos())
                    .set("npeer", p.npeer())
                    .set("tolerance", p.tolerance())
                    .set("drop", p.drop())
                    .set("distance", p.distance())
                    .set("fanout_getdat", p.fanoutGetdat())
                    .set("fanout_setdat", p.fanoutSetdat())
                    .set("work_min_fanout", p.workMinFanout())
                    .set("per_source_per_second", p.perSourcePerSecond())
                    .set("max_dat_answers", p.maxDatAnswers());
        } else {
            e.comment("").comment("[dave] not set: no Dave node");
        }
        e.comment("");
        e.dataDir("data_dir", node.dataDir());
        e.keyFile("identity key", identity);
        if (settler.serve()) {
            e.keyFile("served settler's key", node.dataDir().resolve("settler.key"));
        }
        wallet.lnd().ifPresent(l -> {
            e.readableFile("lnd_tls_cert", l.tlsCert());
            e.readableFile("lnd_macaroon", l.macaroon());
        });
        return e;
    }

    /** Properties as the INI writes them: {@code name=value} each. */
    private static List<String> properties(Map<String, String> properties) {
        return properties.entrySet().stream().map(p -> p.getKey() + "=" + p.getValue()).toList();
    }

    /** The node's store database, {@code <data_dir>/node.db}. */
    public Path storeFile() {
        return node.dataDir().resolve("node.db");
    }

    /** {@code base} with this file's {@code [node]} policy and settler applied. */
    public EngineConfig engineConfig(EngineConfig base) {
        EngineConfig.Builder b = base.toBuilder()
                .fanout(node.fanout())
                .multibroadcast(node.multibroadcast())
                .powDifficulty(node.powDifficulty())
                .replyFeeMsat(node.replyFeeMsat())
                .offerWindow(java.time.Duration.ofSeconds(node.offerWindowS()))
                .autoChoose(customer.chooses())
                .offerChooser(customer.chooser())
                .requiredWorkerProperties(customer.requiredWorkerProperties())
                .requiredSenderProperties(worker.requiredSenderProperties())
                .repliesPerTopic(worker.repliesPerTopic());
        settler.publicKey().ifPresent(b::settler);
        if (settler.publicKey().isPresent() || settler.serve()) {
            b.appReplyWindow(java.time.Duration.ofSeconds(worker.replyWindowS()));
        }
        return b.build();
    }
}

package org.giggossip.node.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.EngineConfig;
import org.giggossip.core.settler.NetworkSettlement;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.wire.DisputeOutcome;
import org.giggossip.net.dave.AddrPort;
import org.giggossip.net.dave.DaveWork;

/**
 * The settler service's configuration ({@code gg settler --config settler.ini}).
 * Every key has a default, so the service also starts with no file at all.
 *
 * <pre>
 * [settler]
 * listen = 127.0.0.1:8740            ; the HTTP API
 * data_dir = gg-settler              ; keys and the SQLite files; relative to this file
 * database = jdbc:postgresql://db/gg?user=gg&amp;password=... ; default jdbc:sqlite:&lt;data_dir&gt;/settler.db
 * public_url = https://settler.example/  ; written into certificates; default http://&lt;listen&gt;/
 * network_fee_msat = 2000            ; the settler's own network invoice, first of each chain
 * invoice_ttl_s = 600                ; network invoices and settlement promises
 * dispute_window_s = 86400           ; after the network payment, before the job payment is released
 * dispute_deadline_s = 259200        ; an open dispute waits this long for an admin's ruling
 * dispute_default = worker           ; worker | customer: who a dispute not ruled on by its deadline pays
 * network_settlement = on_reveal     ; on_reveal | on_job_done: when the network chain settles (docs/settler.md)
 * preimage_retention_s = 86400       ; how long revealed preimages stay public
 * certificate_validity_days = 365    ; certificates issued to callers
 * admins = &lt;hex&gt;, &lt;hex&gt;           ; default: the key in &lt;data_dir&gt;/admin.key, made on first start
 * require = kyc=passed               ; properties every customer certificate must certify
 * tls_cert = /etc/gg/fullchain.pem   ; with tls_key: HTTPS (PEM chain and PKCS#8 key); see HttpSettings
 * tls_key = /etc/gg/privkey.pem      ; without them plain HTTP, refused off loopback unless allow_plain_http
 * max_body_bytes = 262144            ; and the other limits of HttpSettings
 * [wallet]
 * backend = ledger                   ; ledger (embedded, SQLite) or lnd
 * starting_balance_sat = 1000000     ; regtest accounts offered to nodes (ledger only); 0: none
 * lnd_host = 127.0.0.1
 * lnd_port = 10009
 * lnd_tls_cert = /home/lnd/.lnd/tls.cert
 * lnd_macaroon = /home/lnd/.lnd/data/chain/bitcoin/mainnet/admin.macaroon
 * [dave]                             ; absent (or no listen): no Dave
 * listen = 0.0.0.0:1618              ; UDP; publishes revealed preimages and revocation lists as DATs
 * bootstrap = 203.0.113.7:1618, [2001:db8::1]:1618  ; ip:port of Dave nodes to join through
 * work = 3                           ; strength mined (leading zero bytes); 3 is what nodes store
 * [metrics]                          ; absent: no metrics endpoint
 * listen = 127.0.0.1:9740            ; Prometheus GET /metrics (docs/metrics.md)
 * </pre>
 */
public record SettlerFile(HostPort listen, Path dataDir, Optional<String> database, Optional<String> publicUrl,
        long networkFeeMsat, Duration invoiceTtl, Duration disputeWindow, Duration disputeDeadline,
        DisputeOutcome disputeDefault, NetworkSettlement networkSettlement, Duration preimageRetention,
        Duration certificateValidity, Set<PublicKey> admins, Map<String, String> required, String walletBackend,
        long startingBalanceSat, Optional<LndSettings> lnd, Optional<Dave> dave, Optional<HostPort> metrics,
        HttpSettings http, List<String> warnings) {

    /**
     * The {@code [dave]} section: the settler's Dave node, which publishes each revealed preimage
     * and each new revocation list as a DAT (net.dave.GigDats).
     *
     * @param listen    the UDP address
     * @param bootstrap peers to join through, in Go's {@code ip:port} text
     * @param work      the strength mined for each DAT (leading zero bytes of its work): 3, what an
     *                  unmodified node stores, takes seconds of one core; 2 a few tens of milliseconds
     */
    public record Dave(HostPort listen, List<String> bootstrap, int work) {
        /** Strength mined when the file does not say: the store threshold of Dave's defaults. */
        public static final int DEFAULT_WORK = 3;

        public Dave {
            bootstrap = List.copyOf(bootstrap);
        }
    }

    /** The longest the nodes' default policy lets a settler hold a job payment (EngineConfig maxSettlementSpan). */
    static final Duration NODES_MAX_SETTLEMENT_SPAN = EngineConfig.defaults().maxSettlementSpan();

    private static final Map<String, Set<String>> KNOWN = Map.of(
            "", Set.of(),
            "settler", union(Set.of("listen", "data_dir", "database", "public_url", "network_fee_msat",
                    "invoice_ttl_s", "dispute_window_s", "dispute_deadline_s", "dispute_default",
                    "network_settlement", "preimage_retention_s", "certificate_validity_days", "admins", "require"), HttpSettings.KEYS),
            "wallet", union(Set.of("backend", "starting_balance_sat"), LndSettings.KEYS),
            "dave", Set.of("listen", "bootstrap", "work"),
            "metrics", Set.of("listen"));

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
    }

    public SettlerFile {
        admins = Set.copyOf(admins);
        required = Map.copyOf(required);
        warnings = List.copyOf(warnings);
    }

    /** Every default: no file. Keys live in {@code ./gg-settler}. */
    public static SettlerFile defaults() {
        try {
            return from(IniFile.parse(Path.of("settler.ini").toAbsolutePath(), new byte[0]));
        } catch (ConfigException e) {
            throw new IllegalStateException("the defaults do not parse: " + e.getMessage(), e);
        }
    }

    /** Reads and checks {@code file}. */
    public static SettlerFile load(Path file) throws ConfigException {
        return from(IniFile.read(file));
    }

    /** Checks a parsed file. */
    public static SettlerFile from(IniFile ini) throws ConfigException {
        Path base = Optional.ofNullable(ini.file().toAbsolutePath().getParent()).orElse(Path.of("."));
        List<String> warnings = new ArrayList<>();
        IniValues.checkKeys(ini, KNOWN, warnings);
        IniValues v = new IniValues(ini, base);
        HostPort listen = v.address("settler", "listen", "127.0.0.1:8740");
        Path dataDir = v.path("settler", "data_dir").orElse(base.resolve("gg-settler"));
        Optional<String> database = v.text("settler", "database");
        if (database.isPresent() && !database.get().startsWith("jdbc:sqlite:")
                && !database.get().startsWith("jdbc:postgresql:")) {
            throw new ConfigException(ini.file(), ini.get("settler", "database").orElseThrow().line(),
                    "database: expected a jdbc:sqlite: or jdbc:postgresql: URL");
        }
        Optional<String> publicUrl = v.url("settler", "public_url").map(Object::toString);
        Set<PublicKey> admins = Set.copyOf(v.publicKeys("settler", "admins"));
        Map<String, String> required = new TreeMap<>();
        for (String one : v.text("settler", "require").map(t -> t.split(",", -1)).orElse(new String[0])) {
            String[] kv = one.strip().split("=", 2);
            if (kv.length != 2 || !kv[0].strip().matches("[a-z0-9_.-]{1,64}") || kv[1].strip().isEmpty()) {
                throw new ConfigException(ini.file(), ini.get("settler", "require").orElseThrow().line(),
                        "require: expected name=value pairs, got '" + one.strip() + "'");
            }
            required.put(kv[0].strip(), kv[1].strip());
        }
        String backend = v.text("wallet", "backend").orElse("ledger").toLowerCase(Locale.ROOT);
        Optional<LndSettings> lnd = Optional.empty();
        switch (backend) {
            case "ledger" -> { }
            case "lnd" -> lnd = Optional.of(LndSettings.read(ini, v));
            default -> throw new ConfigException(ini.file(), ini.get("wallet", "backend").orElseThrow().line(),
                    "backend: expected ledger or lnd, got '" + backend + "'");
        }
        Optional<Dave> dave = Optional.empty();
        if (v.text("dave", "listen").isPresent()) {
            List<String> bootstrap = new ArrayList<>();
            for (String one : v.text("dave", "bootstrap").map(t -> t.split(",", -1)).orElse(new String[0])) {
                var parsed = AddrPort.parse(one.strip());
                if (!parsed.isOk()) {
                    throw new ConfigException(ini.file(), ini.get("dave", "bootstrap").orElseThrow().line(),
                            "bootstrap: expected ip:port (an IP address, not a name), got '" + one.strip() + "'");
                }
                bootstrap.add(parsed.orElseThrow().toString());
            }
            dave = Optional.of(new Dave(v.address("dave", "listen", ""), bootstrap,
                    (int) v.integer("dave", "work", Dave.DEFAULT_WORK, 0, DaveWork.MAX_SOLVE_STRENGTH)));
        }
        Duration invoiceTtl = Duration.ofSeconds(v.integer("settler", "invoice_ttl_s",
                SettlerConfig.DEFAULT_INVOICE_TTL.toSeconds(), 10, 86_400 * 7));
        Duration disputeWindow = Duration.ofSeconds(v.integer("settler", "dispute_window_s",
                SettlerConfig.DEFAULT_DISPUTE_WINDOW.toSeconds(), 0, 86_400 * 90));
        Duration disputeDeadline = Duration.ofSeconds(v.integer("settler", "dispute_deadline_s",
                SettlerConfig.DEFAULT_DISPUTE_DEADLINE.toSeconds(), 60, 86_400 * 90));
        String outcome = v.text("settler", "dispute_default")
                .orElse(SettlerConfig.DEFAULT_DISPUTE_OUTCOME.configName());
        DisputeOutcome disputeDefault = DisputeOutcome.ofConfigName(outcome).orElseThrow(() -> new ConfigException(
                ini.file(), ini.get("settler", "dispute_default").orElseThrow().line(),
                "dispute_default: expected worker or customer, got '" + outcome + "'"));
        String settlement = v.text("settler", "network_settlement")
                .orElse(SettlerConfig.DEFAULT_NETWORK_SETTLEMENT.iniName());
        NetworkSettlement networkSettlement = NetworkSettlement.parse(settlement).orElseThrow(() ->
                new ConfigException(ini.file(), ini.get("settler", "network_settlement").orElseThrow().line(),
                        "network_settlement: expected on_reveal or on_job_done, got '" + settlement + "'"));
        Duration span = invoiceTtl.plus(disputeWindow).plus(disputeDeadline);
        if (span.compareTo(NODES_MAX_SETTLEMENT_SPAN) > 0) {
            warnings.add("invoice_ttl_s + dispute_window_s + dispute_deadline_s is " + span.toSeconds() + " s: nodes"
                    + " with the default limit (" + NODES_MAX_SETTLEMENT_SPAN.toDays() + " days) refuse to make"
                    + " job invoices for this settler or to pay them");
        }
        return new SettlerFile(listen, dataDir, database, publicUrl,
                v.integer("settler", "network_fee_msat", SettlerConfig.DEFAULT_NETWORK_FEE_MSAT, 1, 100_000_000_000L),
                invoiceTtl, disputeWindow, disputeDeadline, disputeDefault, networkSettlement,
                Duration.ofSeconds(v.integer("settler", "preimage_retention_s", 86_400, 60, 86_400 * 365)),
                Duration.ofDays(v.integer("settler", "certificate_validity_days", 365, 1, 3650)),
                admins, required, backend,
                v.integer("wallet", "starting_balance_sat", 1_000_000, 0, 2_100_000_000_000_000L), lnd, dave,
                NodeConfig.metricsAddress(ini, v), HttpSettings.read(ini, v, "settler"), warnings);
    }

    /** This file with {@code --listen}, {@code --data} and {@code --database} applied. */
    public SettlerFile with(Optional<HostPort> listen, Optional<Path> data, Optional<String> database) {
        return new SettlerFile(listen.orElse(this.listen), data.orElse(dataDir), database.or(() -> this.database),
                publicUrl, networkFeeMsat, invoiceTtl, disputeWindow, disputeDeadline, disputeDefault,
                networkSettlement, preimageRetention, certificateValidity, admins,
                required, walletBackend, startingBalanceSat, lnd, dave, metrics, http, warnings);
    }

    /** This file with {@code dave} as its {@code [dave]} section. */
    public SettlerFile withDave(Optional<Dave> dave) {
        return new SettlerFile(listen, dataDir, database, publicUrl, networkFeeMsat, invoiceTtl, disputeWindow,
                disputeDeadline, disputeDefault, networkSettlement,
                preimageRetention, certificateValidity, admins, required, walletBackend, startingBalanceSat, lnd, dave,
                metrics, http, warnings);
    }

    /**
     * Every setting with its effective value, defaults and command-line overrides included, as
     * INI text ({@code gg settler --check}), and what would stop a start: a key file that exists
     * but does not load, a data directory that is a file, an LND file that cannot be read. The
     * database URL's password is masked. Reads; creates nothing.
     *
     * @param source where the settings came from (the file, or "no file: every default")
     */
    public EffectiveSettings effective(String source) {
        EffectiveSettings e = new EffectiveSettings("effective settings of " + source + " (defaults included)");
        warnings.forEach(w -> e.comment("warning: " + w));
        e.section("settler")
                .set("listen", listen)
                .set("data_dir", dataDir)
                .set("database", EffectiveSettings.redact(jdbcUrl()))
                .set("public_url", publicUrl.map(EffectiveSettings::redact));
        if (publicUrl.isEmpty() && listen.port() != 0) {
            e.comment("certificates name " + http.scheme() + "://" + listen + "/, from listen");
        }
        e.set("network_fee_msat", networkFeeMsat)
                .set("invoice_ttl_s", invoiceTtl.toSeconds())
                .set("dispute_window_s", disputeWindow.toSeconds())
                .set("dispute_deadline_s", disputeDeadline.toSeconds())
                .set("dispute_default", disputeDefault.configName())
                .set("network_settlement", networkSettlement.iniName())
                .set("preimage_retention_s", preimageRetention.toSeconds())
                .set("certificate_validity_days", certificateValidity.toDays());
        if (admins.isEmpty()) {
            e.comment("admins = (the key in " + dataDir.resolve("admin.key") + ")");
        } else {
            e.list("admins", admins.stream().map(PublicKey::hex).sorted().toList());
        }
        e.list("require", required.entrySet().stream().map(r -> r.getKey() + "=" + r.getValue()).toList());
        http.effective(e);
        e.section("wallet").set("backend", walletBackend);
        if (lnd.isPresent()) {
            LndSettings l = lnd.get();
            e.set("lnd_host", l.host()).set("lnd_port", l.port()).set("lnd_tls_cert", l.tlsCert())
                    .set("lnd_macaroon", l.macaroon());
        } else {
            e.set("starting_balance_sat", startingBalanceSat);
        }
        if (dave.isPresent()) {
            e.section("dave").set("listen", dave.get().listen()).list("bootstrap", dave.get().bootstrap())
                    .set("work", dave.get().work());
        } else {
            e.comment("").comment("[dave] not set: no Dave node");
        }
        e.comment("");
        e.dataDir("data_dir", dataDir);
        e.keyFile("settler key", dataDir.resolve("settler.key"));
        if (admins.isEmpty()) {
            e.keyFile("admin key", dataDir.resolve("admin.key"));
        }
        http.tlsCert().ifPresent(p -> e.readableFile("tls_cert", p));
        http.tlsKey().ifPresent(p -> e.readableFile("tls_key", p));
        lnd.ifPresent(l -> {
            e.readableFile("lnd_tls_cert", l.tlsCert());
            e.readableFile("lnd_macaroon", l.macaroon());
        });
        return e;
    }

    /** The JDBC URL of the settler's database. */
    public String jdbcUrl() {
        return database.orElse("jdbc:sqlite:" + dataDir.resolve("settler.db").toAbsolutePath());
    }
}

package org.giggossip.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.EngineConfig;
import org.giggossip.core.engine.Offer;
import org.giggossip.core.settler.NetworkSettlement;
import org.giggossip.core.settler.SettlerConfig;
import org.giggossip.core.wire.DisputeOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The INI rules of {@link IniFile} and the meaning {@link NodeConfig} gives them. */
class NodeConfigTest {
    @TempDir
    Path dir;

    private static final String SPEC_ONLY = """
            hostkey = keys/hostkey.key

            [gossip]
            cache_size = 50                 ; items kept for spreading
            degree = 30                     ; peers to spread to
            bootstrapper = peer.example.org:6001        ; a peer to join through
            p2p_address = 127.0.0.1:6001    ; where peers connect
            api_address = 127.0.0.1:7001    ; where local modules connect
            """;

    private Path write(String text) throws IOException {
        Path f = dir.resolve("node.ini");
        Files.writeString(f, text);
        return f;
    }

    private ConfigException refused(String text) throws IOException {
        Path f = write(text);
        try {
            NodeConfig.load(f);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).startsWith(f.toString());
            return e;
        }
        throw new AssertionError("accepted: " + text);
    }

    @Test
    void aFileWithOnlyTheSpecKeysIsValidAndTheRestTakesDefaults() throws Exception {
        NodeConfig c = NodeConfig.load(write(SPEC_ONLY));
        assertThat(c.identity()).isEqualTo(dir.resolve("keys/hostkey.key"));
        assertThat(c.gossip().cacheSize()).isEqualTo(50);
        assertThat(c.gossip().degree()).isEqualTo(30);
        assertThat(c.gossip().bootstrappers()).extracting(HostPort::toString).containsExactly("peer.example.org:6001");
        assertThat(c.gossip().p2pAddress()).hasToString("127.0.0.1:6001");
        assertThat(c.gossip().apiAddress()).hasToString("127.0.0.1:7001");
        assertThat(c.node().dataDir()).isEqualTo(dir.resolve("gg-data"));
        assertThat(c.node().appAddress()).hasToString("127.0.0.1:8735");
        assertThat(c.node().fanout()).isEqualTo(4);
        assertThat(c.node().multibroadcast()).isEqualTo(1);
        assertThat(c.node().powDifficulty()).isEqualTo(1024);
        assertThat(c.node().replyFeeMsat()).isEqualTo(1000);
        assertThat(c.settler().publicKey()).isEmpty();
        assertThat(c.wallet().backend()).isEqualTo("embedded");
        assertThat(c.storeFile()).isEqualTo(dir.resolve("gg-data/node.db"));
        assertThat(c.dave()).as("no [dave] section: no Dave node").isEmpty();
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void theDaveSectionIsReadWithItsDefaults() throws Exception {
        NodeConfig c = NodeConfig.load(write(SPEC_ONLY + """
                [dave]
                listen = 127.0.0.1:6002
                bootstrap = 127.0.0.1:6102, [::1]:6103 , localhost:6104
                store_mb = 8
                work_to_store = 2
                """));
        NodeConfig.Dave d = c.dave().orElseThrow();
        assertThat(d.listen()).hasToString("127.0.0.1:6002");
        assertThat(d.bootstrap()).extracting(HostPort::toString)
                .containsExactly("127.0.0.1:6102", "[::1]:6103", "localhost:6104");
        assertThat(d.storeMb()).isEqualTo(8);
        assertThat(d.workToStore()).isEqualTo(2);
        NodeConfig only = NodeConfig.load(write("[dave]\nlisten = 127.0.0.1:0\n"));
        assertThat(only.dave()).contains(new NodeConfig.Dave(HostPort.parse("127.0.0.1:0", false, true), java.util.List.of(),
                64, 3));
    }

    @Test
    void daveConstantsDefaultToTheSpecsAndCanBeSet() throws Exception {
        var spec = org.giggossip.net.dave.DaveConfig.defaults();
        NodeConfig only = NodeConfig.load(write("[dave]\nlisten = 127.0.0.1:0\n"));
        assertThat(only.dave().orElseThrow().protocol()).isEqualTo(spec.withStore(3, 64L << 20));
        assertThat(only.dave().orElseThrow().protocol().period()).isEqualTo(java.time.Duration.ofNanos(127_713_920));
        NodeConfig c = NodeConfig.load(write("""
                [dave]
                listen = 127.0.0.1:0
                period_ns = 50000000
                npeer = 5
                tolerance = 3
                drop = 6
                distance = 9
                fanout_getdat = 4
                fanout_setdat = 5
                work_min_fanout = 1
                per_source_per_second = 500
                max_dat_answers = 4
                work_to_store = 2
                store_mb = 2
                """));
        assertThat(c.dave().orElseThrow().protocol()).isEqualTo(new org.giggossip.net.dave.DaveConfig(
                java.time.Duration.ofMillis(50), 5, 3, 6, 9, 4, 5, 1, 2, 2L << 20, 500, 4));
        assertThat(refused("[dave]\nlisten = 127.0.0.1:0\nnpeer = 65\n").line()).isEqualTo(3);
        assertThat(refused("[dave]\nlisten = 127.0.0.1:0\nperiod_ns = 10\n").line()).isEqualTo(3);
        assertThat(refused("[dave]\nlisten = 127.0.0.1:0\nfanout_setdat = 0\n").line()).isEqualTo(3);
    }

    @Test
    void aDaveSectionNeedsListenAndPlainAddresses() throws Exception {
        assertThat(refused("[dave]\nstore_mb = 2\n")).hasMessageContaining("node.ini:1")
                .hasMessageContaining("[dave] needs listen");
        assertThat(refused("[dave]\nlisten = 127.0.0.1:6002\nbootstrap = " + "ab".repeat(32) + "@127.0.0.1:1\n")
                .line()).isEqualTo(3);
        assertThat(refused("[dave]\nlisten = 127.0.0.1:6002\nwork_to_store = 33\n")).hasMessageContaining("0..32");
        assertThat(refused("[dave]\nlisten = 127.0.0.1:6002\nstore_mb = 0\n").line()).isEqualTo(3);
        assertThat(refused("[dave]\nlisten = 127.0.0.1:6002\nperiod = 1\n")).hasMessageContaining("period");
        assertThat(refused("[dave]\nlisten = nowhere\n").line()).isEqualTo(2);
    }

    @Test
    void metricsAreOffWithoutTheirSectionAndTheSectionNeedsAValidListen() throws Exception {
        assertThat(NodeConfig.load(write(SPEC_ONLY)).metrics()).as("no [metrics]: no endpoint").isEmpty();
        assertThat(NodeConfig.load(write("[metrics]\nlisten = 127.0.0.1:9735\n")).metrics())
                .contains(HostPort.parse("127.0.0.1:9735", false, true));
        assertThat(NodeConfig.load(write("[metrics]\nlisten = 0.0.0.0:0\n")).metrics().orElseThrow().port()).isZero();
        assertThat(refused("[node]\nfanout = 4\n[metrics]\n")).hasMessageContaining("node.ini:3")
                .hasMessageContaining("[metrics] needs listen");
        assertThat(refused("[metrics]\nlisten = nowhere\n").line()).isEqualTo(2);
        assertThat(refused("[metrics]\nlisten = 127.0.0.1:70000\n").line()).isEqualTo(2);
        assertThat(refused("[metrics]\nlisten = " + "ab".repeat(32) + "@127.0.0.1:1\n").line()).isEqualTo(2);
        assertThat(refused("[metrics]\nlisten = 127.0.0.1:9735\nport = 1\n")).hasMessageContaining("unknown key 'port'");

        assertThat(SettlerFile.defaults().metrics()).isEmpty();
        assertThat(SettlerFile.load(write("[metrics]\nlisten = 127.0.0.1:9740\n")).metrics())
                .contains(HostPort.parse("127.0.0.1:9740", false, true));
        assertThatThrownBy(() -> SettlerFile.load(write("[metrics]\n"))).hasMessageContaining("[metrics] needs listen");
        assertThatThrownBy(() -> SettlerFile.load(write("[metrics]\nlisten = 127.0.0.1:x\n")))
                .hasMessageContaining("listen");
        SettlerFile moved = SettlerFile.load(write("[metrics]\nlisten = 127.0.0.1:9740\n"))
                .with(java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty())
                .withDave(java.util.Optional.empty());
        assertThat(moved.metrics()).as("kept by with and withDave").isPresent();
    }

    @Test
    void connectionsPerAddressDefaultToEightAndCanBeRaisedForALocalNetwork() throws Exception {
        assertThat(NodeConfig.load(write(SPEC_ONLY)).node().maxConnectionsPerAddress()).isEqualTo(8);
        assertThat(NodeConfig.load(write("[node]\nmax_connections_per_address = 24\n")).node()
                .maxConnectionsPerAddress()).isEqualTo(24);
        assertThat(refused("[node]\nmax_connections_per_address = 0\n")).hasMessageContaining("node.ini:2");
        assertThat(refused("[node]\nmax_connections_per_address = 10001\n")).hasMessageContaining("node.ini:2");
    }

    @Test
    void anEmptyFileTakesEveryDefault() throws Exception {
        NodeConfig c = NodeConfig.load(write("; nothing\n# at all\n\n"));
        assertThat(c.identity()).isEqualTo(dir.resolve("gg-data/identity.key"));
        assertThat(c.gossip().bootstrappers()).isEmpty();
        assertThat(c.gossip().degree()).isEqualTo(30);
    }

    @Test
    void aMissingHostkeyIsCreatedOwnerOnlyOnFirstStartAndLoadedAfter() throws Exception {
        NodeConfig c = NodeConfig.load(write(SPEC_ONLY));
        assertThat(c.identity()).doesNotExist();
        PrivateKey first = c.loadOrCreateIdentity(new SecureRandom());
        assertThat(c.identity()).exists();
        if (Files.getFileStore(c.identity()).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(c.identity()))).isEqualTo("rw-------");
        }
        PrivateKey again = NodeConfig.load(c.file()).loadOrCreateIdentity(new SecureRandom());
        assertThat(again.publicKey()).isEqualTo(first.publicKey());
        assertThat(KeyFile.load(c.identity()).publicKey()).isEqualTo(first.publicKey());
    }

    @Test
    void ourSectionsAreRead() throws Exception {
        PrivateKey settlerKey = PrivateKey.generate(new SecureRandom());
        NodeConfig c = NodeConfig.load(write(SPEC_ONLY.replace("hostkey = keys/hostkey.key\n", "") + """
                [node]
                data_dir = /var/lib/gg
                identity_key = id.key
                app_address = [::1]:0
                fanout = 8
                multibroadcast = 2
                pow_difficulty = 4096
                reply_fee_msat = 0

                [settler]
                public_key = %s
                url = https://settler.example.org:8443/api

                [wallet]
                backend = Settler
                """.formatted(settlerKey.publicKey().hex())));
        assertThat(c.wallet().backend()).isEqualTo("settler");
        assertThat(c.node().dataDir()).isEqualTo(Path.of("/var/lib/gg"));
        assertThat(c.identity()).isEqualTo(dir.resolve("id.key"));
        assertThat(c.node().appAddress().host()).isEqualTo("::1");
        assertThat(c.node().appAddress()).hasToString("[::1]:0");
        assertThat(c.settler().publicKey()).contains(settlerKey.publicKey());
        assertThat(c.settler().url().orElseThrow().getPort()).isEqualTo(8443);
        EngineConfig e = c.engineConfig(EngineConfig.defaults());
        assertThat(e.fanout()).isEqualTo(8);
        assertThat(e.multibroadcast()).isEqualTo(2);
        assertThat(e.replyFeeMsat()).isZero();
        assertThat(e.settler()).contains(settlerKey.publicKey());
    }

    @Test
    void aNodeChoosesNoOfferByItselfUnlessCustomerAutoChooseSaysSo() throws Exception {
        NodeConfig plain = NodeConfig.load(write("[node]\noffer_window_s = 1\n"));
        assertThat(plain.customer()).isEqualTo(NodeConfig.Customer.defaults());
        // the engine's own default (the simulator's customers) still chooses: the node's must not
        assertThat(EngineConfig.defaults().autoChoose()).isTrue();
        assertThat(plain.engineConfig(EngineConfig.defaults()).autoChoose()).isFalse();
        assertThat(plain.effective().text()).contains("[customer]").contains("auto_choose = none");

        NodeConfig auto = NodeConfig.load(write("[customer]\nauto_choose = Cheapest\nmax_price_sat = 15000\n"
                + "max_network_fee_sat = 20\n"));
        assertThat(auto.customer().chooses()).isTrue();
        EngineConfig e = auto.engineConfig(EngineConfig.defaults());
        assertThat(e.autoChoose()).isTrue();
        PublicKey settler = PrivateKey.generate(new SecureRandom()).publicKey();
        Instant later = Instant.parse("2030-01-01T00:00:00Z");
        Offer dear = new Offer(1, 15_000_001, 1_000, settler, later);
        Offer feeTooHigh = new Offer(2, 1_000_000, 20_001, settler, later);
        Offer within = new Offer(3, 15_000_000, 20_000, settler, later);
        Offer cheaper = new Offer(4, 14_000_000, 20_000, settler, later);
        assertThat(e.offerChooser().choose(List.of(dear, feeTooHigh))).isEmpty();
        assertThat(e.offerChooser().choose(List.of(dear, feeTooHigh, within))).contains(within);
        assertThat(e.offerChooser().choose(List.of(within, cheaper, dear))).contains(cheaper);
        assertThat(NodeConfig.load(write("[customer]\nauto_choose = cheapest\n")).engineConfig(EngineConfig.defaults())
                .offerChooser().choose(List.of(dear, feeTooHigh))).contains(feeTooHigh);

        assertThat(refused("[customer]\nauto_choose = first\n").getMessage()).contains("none or cheapest");
        assertThat(refused("[customer]\nmax_price_sat = 10\n").getMessage()).contains("auto_choose = cheapest");
        assertThat(refused("[customer]\nauto_choose = cheapest\nmax_price_sat = -1\n").getMessage())
                .contains("expected a whole number");
        assertThat(refused("[customer]\nauto_chose = cheapest\n").getMessage()).contains("auto_chose");
    }

    @Test
    void requiredWorkerAndSenderPropertiesReachTheEngine() throws Exception {
        NodeConfig plain = NodeConfig.load(write(""));
        assertThat(plain.engineConfig(EngineConfig.defaults()).requiredWorkerProperties()).isEmpty();
        assertThat(plain.engineConfig(EngineConfig.defaults()).requiredSenderProperties()).isEmpty();
        assertThat(plain.effective().text()).contains("; required_worker_properties = (none)")
                .contains("; required_sender_properties = (none)");

        NodeConfig c = NodeConfig.load(write("[customer]\nrequired_worker_properties = driving_licence=valid,"
                + " criminal_record = none\n[worker]\nrequired_sender_properties = kyc=done\n"));
        assertThat(c.customer().requiredWorkerProperties())
                .containsExactly(Map.entry("criminal_record", "none"), Map.entry("driving_licence", "valid"));
        assertThat(c.worker().requiredSenderProperties()).isEqualTo(Map.of("kyc", "done"));
        EngineConfig e = c.engineConfig(EngineConfig.defaults());
        assertThat(e.requiredWorkerProperties())
                .isEqualTo(Map.of("driving_licence", "valid", "criminal_record", "none"));
        assertThat(e.requiredSenderProperties()).isEqualTo(Map.of("kyc", "done"));
        assertThat(c.effective().text())
                .contains("required_worker_properties = criminal_record=none, driving_licence=valid")
                .contains("required_sender_properties = kyc=done");
        // the effective settings are themselves a valid file, with the same requirements
        assertThat(NodeConfig.load(write(c.effective().text())).customer().requiredWorkerProperties())
                .isEqualTo(c.customer().requiredWorkerProperties());

        assertThat(refused("[customer]\nrequired_worker_properties = driving_licence\n").getMessage())
                .contains(":2:").contains("required_worker_properties").contains("expected name=value");
        assertThat(refused("[customer]\nrequired_worker_properties = Driving_Licence=valid\n").getMessage())
                .contains("expected name=value");
        assertThat(refused("[customer]\nrequired_worker_properties = driving_licence=\n").getMessage())
                .contains("expected name=value");
        assertThat(refused("[customer]\nrequired_worker_properties = a=1,,b=2\n").getMessage())
                .contains("expected name=value");
        assertThat(refused("[customer]\nrequired_worker_properties = a=1, a=2\n").getMessage())
                .contains("a is required twice");
        assertThat(refused("[worker]\nrequired_sender_properties = kyc=" + "x".repeat(257) + "\n").getMessage())
                .contains("required_sender_properties").contains("1 to 256 bytes");
        StringBuilder seventeen = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            seventeen.append(i == 0 ? "" : ",").append("p").append(i).append("=v");
        }
        assertThat(refused("[customer]\nrequired_worker_properties = " + seventeen + "\n").getMessage())
                .contains("at most 16");
        assertThat(refused("[worker]\nrequired_worker_properties = a=1\n").getMessage())
                .contains("unknown key 'required_worker_properties' in [worker]");
    }

    @Test
    void bootstrappersMayNameTheirKeyAndBeSeveral() throws Exception {
        String id = PrivateKey.generate(new SecureRandom()).publicKey().hex();
        NodeConfig c = NodeConfig.load(write("[gossip]\nbootstrapper = " + id + "@10.0.0.1:6001, [fe80::1]:6002\n"));
        assertThat(c.gossip().bootstrappers()).hasSize(2);
        assertThat(c.gossip().bootstrappers().get(0).nodeId()).isPresent();
        assertThat(c.gossip().bootstrappers().get(1)).hasToString("[fe80::1]:6002");
    }

    @Test
    void otherModulesSectionsAreSkippedWithAWarningNamingTheLine() throws Exception {
        NodeConfig c = NodeConfig.load(write(SPEC_ONLY + "\n[onion]\nhops = 2\nfoo_bar = x\n"));
        assertThat(c.warnings()).singleElement().asString().contains("node.ini:10", "[onion]");
    }

    @Test
    void unknownKeysInOurSectionsAreRefusedWithTheirLine() throws Exception {
        assertThat(refused("[gossip]\ndegre = 5\n")).hasMessageContaining("node.ini:2").hasMessageContaining("degre");
        assertThat(refused("hostkeys = x\n").line()).isEqualTo(1);
        assertThat(refused("[node]\nfanout = 2\nspeed = 3\n").line()).isEqualTo(3);
    }

    @Test
    void syntaxErrorsNameFileAndLine() throws Exception {
        assertThat(refused("[gossip]\ndegree 30\n").line()).isEqualTo(2);
        assertThat(refused("[gossip\n").line()).isEqualTo(1);
        assertThat(refused("[Gossip]\n").line()).isEqualTo(1);
        assertThat(refused("[]\n").line()).isEqualTo(1);
        assertThat(refused("\n\n[gossip]\ndegree =\n").line()).isEqualTo(4);
        assertThat(refused("[gossip]\ndegree = ; nothing\n").line()).isEqualTo(2);
        assertThat(refused("= 5\n").line()).isEqualTo(1);
        assertThat(refused("[gossip]\n9lives = 1\n").line()).isEqualTo(2);
        assertThat(refused("[gossip]\ndegree = 3\u0001\n").getMessage()).contains(":2:", "control character");
    }

    @Test
    void duplicatesAreRefused() throws Exception {
        assertThat(refused("[gossip]\ndegree = 3\ndegree = 4\n")).hasMessageContaining(":3:").hasMessageContaining("line 2");
        assertThat(refused("[gossip]\n[node]\n[gossip]\n")).hasMessageContaining(":3:").hasMessageContaining("line 1");
        assertThat(refused("hostkey = a\n[node]\nidentity_key = b\n").line()).isEqualTo(3);
    }

    @Test
    void valuesAreCheckedWithTheirLine() throws Exception {
        assertThat(refused("[gossip]\ncache_size = 0\n")).hasMessageContaining(":2:").hasMessageContaining("1..100000");
        assertThat(refused("[gossip]\ndegree = -1\n").line()).isEqualTo(2);
        assertThat(refused("[gossip]\ndegree = 99999999999999999999999\n").line()).isEqualTo(2);
        assertThat(refused("[gossip]\ndegree = 0x10\n").line()).isEqualTo(2);
        assertThat(refused("[gossip]\np2p_address = 127.0.0.1\n").line()).isEqualTo(2);
        assertThat(refused("[gossip]\np2p_address = 127.0.0.1:65536\n").line()).isEqualTo(2);
        assertThat(refused("[gossip]\napi_address = ::1:7001\n").line()).isEqualTo(2);
        assertThat(refused("[gossip]\napi_address = aa@127.0.0.1:7001\n").line()).isEqualTo(2);
        assertThat(refused("[gossip]\nbootstrapper = host:0\n").line()).isEqualTo(2);
        assertThat(refused("[gossip]\nbootstrapper = a,,b:1\n").line()).isEqualTo(2);
        assertThat(refused("[gossip]\nbootstrapper = " + "ff".repeat(32) + "@h:1\n")).hasMessageContaining("secp256k1");
        assertThat(refused("[node]\nreply_fee_msat = 100000000001\n").line()).isEqualTo(2);
        assertThat(refused("[settler]\npublic_key = 1234\nurl = http://s:1\n").line()).isEqualTo(2);
        assertThat(refused("[settler]\nurl = ftp://s/x\n").line()).isEqualTo(2);
        assertThat(refused("\n[settler]\nurl = http://s:1\n").line()).isEqualTo(2);
        assertThat(refused("[wallet]\nbackend = lightning\n")).hasMessageContaining(":2:")
                .hasMessageContaining("embedded, settler or lnd");
        assertThat(refused("[wallet]\nbackend = lnd\n")).hasMessageContaining(":2:").hasMessageContaining("lnd_tls_cert");
    }

    @Test
    void sizeAndEncodingAreCheckedBeforeParsing() throws Exception {
        assertThat(refused("; " + "x".repeat(IniFile.MAX_FILE_SIZE) + "\n")).hasMessageContaining("larger than");
        assertThat(refused("[gossip]\n; " + "x".repeat(IniFile.MAX_LINE_LENGTH) + "\n").line()).isEqualTo(2);
        Path f = dir.resolve("latin1.ini");
        Files.write(f, "hostkey = caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> NodeConfig.load(f)).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> NodeConfig.load(dir.resolve("missing.ini")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("missing.ini");
    }

    @Test
    void commentsBomAndCrlfAreAccepted() throws Exception {
        NodeConfig c = NodeConfig.load(write("\uFEFF# top\r\n[gossip]\r\n  ; indented\r\ndegree=7#tight hash is part of nothing\r\n"
                .replace("7#tight hash is part of nothing", "7 # a comment")));
        assertThat(c.gossip().degree()).isEqualTo(7);
        // a ';' not preceded by a blank belongs to the value
        assertThatThrownBy(() -> NodeConfig.load(write("[gossip]\ndegree = 7;x\n"))).hasMessageContaining("7;x");
    }

    @Test
    void theDocumentedExampleIsValidAndStatesTheDefaults() throws Exception {
        NodeConfig example = NodeConfig.load(Path.of("config/node.ini.example"));
        NodeConfig defaults = NodeConfig.load(write(SPEC_ONLY));
        assertThat(example.warnings()).isEmpty();
        assertThat(example.node()).isEqualTo(new NodeConfig.Node(Path.of("config/gg-data").toAbsolutePath(),
                defaults.node().appAddress(), defaults.node().fanout(), defaults.node().multibroadcast(),
                defaults.node().powDifficulty(), defaults.node().replyFeeMsat(), defaults.node().admissionDifficulty(),
                defaults.node().maxConnections(), defaults.node().maxConnectionsPerAddress(), defaults.node().targetLinks(),
                defaults.node().pingPeriodS(), defaults.node().offerWindowS()));
        assertThat(example.settler()).isEqualTo(defaults.settler());
        assertThat(example.worker()).isEqualTo(defaults.worker());
        assertThat(example.customer()).isEqualTo(defaults.customer()).isEqualTo(NodeConfig.Customer.defaults());
        assertThat(example.gossip().cacheSize()).isEqualTo(defaults.gossip().cacheSize());
        assertThat(example.gossip().degree()).isEqualTo(defaults.gossip().degree());
        assertThat(example.wallet()).isEqualTo(defaults.wallet());
        assertThat(example.dave()).as("the example documents [dave] commented out: off").isEmpty();
        assertThat(example.metrics()).as("the example documents [metrics] commented out: off").isEmpty();
        assertThat(Files.readString(Path.of("config/node.ini.example")))
                .contains("; listen = 127.0.0.1:6003", "; store_mb = 64", "; work_to_store = 3");
    }

    @Test
    void repliesPerTopicDefaultsToTwoIsBoundedAndReachesTheEngine() throws Exception {
        var base = org.giggossip.core.engine.EngineConfig.builder().repliesPerTopic(5).build();
        NodeConfig defaults = NodeConfig.load(write(SPEC_ONLY));
        assertThat(defaults.worker().repliesPerTopic()).isEqualTo(2);
        assertThat(defaults.engineConfig(base).repliesPerTopic()).isEqualTo(2);
        NodeConfig four = NodeConfig.load(write("[worker]\nreplies_per_topic = 4\n[node]\nmultibroadcast = 3\n"));
        assertThat(four.engineConfig(base).repliesPerTopic()).isEqualTo(4);
        assertThat(four.engineConfig(base).multibroadcast()).isEqualTo(3);
        assertThat(four.effective().text()).contains("replies_per_topic = 4\n");
        assertThat(refused("[worker]\nreplies_per_topic = 0\n")).hasMessageContaining(":2:")
                .hasMessageContaining("outside");
        assertThat(refused("[worker]\n\nreplies_per_topic = 17\n").line()).isEqualTo(3);
    }

    @Test
    void aServedSettlerAndItsClientsAndTheWorkerSection() throws Exception {
        PrivateKey driver = PrivateKey.generate(new SecureRandom());
        NodeConfig served = NodeConfig.load(write("""
                [settler]
                serve = true
                grant = %s:driving_licence=valid
                starting_balance_sat = 5000
                [worker]
                price_sat = 12000
                message = blue car
                """.formatted(driver.publicKey().hex())));
        assertThat(served.settler().serve()).isTrue();
        assertThat(served.settler().grants()).containsExactly(
                new NodeConfig.Grant(driver.publicKey(), "driving_licence", "valid"));
        assertThat(served.settler().startingBalanceSat()).isEqualTo(5000);
        assertThat(served.worker().priceSat()).contains(12_000L);
        assertThat(served.worker().message()).isEqualTo("blue car");

        String key = driver.publicKey().hex();
        NodeConfig client = NodeConfig.load(write("[settler]\npublic_key = " + key + "\naddress = " + key
                + "@127.0.0.1:6001\n"));
        assertThat(client.settler().address().orElseThrow().port()).isEqualTo(6001);
        assertThat(client.engineConfig(org.giggossip.core.engine.EngineConfig.builder().build()).appReplyWindow())
                .contains(java.time.Duration.ofSeconds(60));

        assertThat(refused("[settler]\nserve = true\naddress = " + key + "@h:1\n").getMessage())
                .contains("serve = true names no other settler");
        assertThat(refused("[settler]\npublic_key = " + key + "\naddress = h:1\n").getMessage())
                .contains("pubkey@host:port");
        assertThat(refused("[settler]\nserve = maybe\n").getMessage()).contains("expected true or false");
        assertThat(refused("[settler]\nserve = true\ngrant = nokey\n").getMessage()).contains("KEYHEX:name=value");
        assertThat(refused("[worker]\nprice_sat = 0\n").getMessage()).contains("outside");
    }

    @Test
    void revocationListsAreFetchedEveryPeriodAndRefusedWhenOlderThanTheMaximumAge() throws Exception {
        NodeConfig defaults = NodeConfig.load(write("[gossip]\ndegree = 7\n"));
        assertThat(defaults.settler().revocationFetch()).isEqualTo(java.time.Duration.ofSeconds(300));
        assertThat(defaults.settler().maxRevocationAge()).isEqualTo(java.time.Duration.ofSeconds(900));
        NodeConfig shorter = NodeConfig.load(write("[settler]\nrevocation_fetch_s = 60\n"));
        assertThat(shorter.settler().maxRevocationAge()).as("3 periods by default")
                .isEqualTo(java.time.Duration.ofSeconds(180));
        NodeConfig set = NodeConfig.load(write("[settler]\nrevocation_fetch_s = 60\nmax_revocation_age_s = 600\n"));
        assertThat(set.settler().maxRevocationAgeS()).isEqualTo(600);
        assertThat(defaults.settler().networkSettlement()).isEqualTo(NetworkSettlement.ON_REVEAL);
        assertThat(NodeConfig.load(write("[settler]\nserve = true\nnetwork_settlement = on_job_done\n")).settler()
                .networkSettlement()).isEqualTo(NetworkSettlement.ON_JOB_DONE);
        assertThat(refused("[settler]\nnetwork_settlement = never\n").getMessage())
                .contains("network_settlement: expected on_reveal or on_job_done");
        assertThat(refused("[settler]\nrevocation_fetch_s = 0\n").getMessage()).contains("revocation_fetch_s");
        assertThat(refused("[settler]\nrevocation_fetch_s = 60\nmax_revocation_age_s = 59\n").getMessage())
                .contains("max_revocation_age_s");
    }

    @Test
    void aNodeOnASettlerServiceBanksThereByDefaultAndMayTrustFurtherSettlers() throws Exception {
        String a = org.giggossip.core.crypto.PrivateKey.generate(new java.security.SecureRandom())
                .publicKey().hex();
        String b = org.giggossip.core.crypto.PrivateKey.generate(new java.security.SecureRandom()).publicKey().hex();
        NodeConfig c = NodeConfig.load(write("[settler]\nurl = http://127.0.0.1:8740\npublic_key = " + a
                + "\ntrusted = " + b + "\n"));
        assertThat(c.wallet().backend()).isEqualTo("settler");
        assertThat(c.settler().trusted()).extracting(org.giggossip.core.crypto.PublicKey::hex).containsExactly(b);
        assertThat(refused("[settler]\nurl = http://127.0.0.1:8740\npublic_key = " + a
                + "\n[wallet]\nbackend = embedded\n").getMessage()).contains("with [settler] url use");
        assertThat(refused("[wallet]\nbackend = settler\n").getMessage()).contains("needs [settler] url");
        assertThat(refused("[wallet]\nbackend = lnd\n").getMessage()).contains("needs lnd_tls_cert");
        assertThat(refused("[settler]\ntrusted = 12ab\n").getMessage()).contains("trusted");
        NodeConfig lnd = NodeConfig.load(write("[wallet]\nbackend = lnd\nlnd_tls_cert = tls.cert\n"
                + "lnd_macaroon = admin.macaroon\nlnd_port = 10010\n"));
        assertThat(lnd.wallet().lnd()).hasValueSatisfying(l -> {
            assertThat(l.port()).isEqualTo(10010);
            assertThat(l.host()).isEqualTo("127.0.0.1");
            assertThat(l.macaroon().getFileName().toString()).isEqualTo("admin.macaroon");
        });
    }

    /** Issue 17: {@code gg settler}'s dispute terms are the core's defaults, which the engine tests use. */
    @Test
    void theSettlerFileStatesItsDisputeDeadlineAndDefaultOutcome() throws Exception {
        SettlerFile defaults = SettlerFile.defaults();
        assertThat(defaults.networkFeeMsat()).isEqualTo(SettlerConfig.DEFAULT_NETWORK_FEE_MSAT);
        assertThat(defaults.invoiceTtl()).isEqualTo(SettlerConfig.DEFAULT_INVOICE_TTL)
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.disputeWindow()).isEqualTo(SettlerConfig.DEFAULT_DISPUTE_WINDOW)
                .isEqualTo(Duration.ofHours(24));
        assertThat(defaults.disputeDeadline()).isEqualTo(SettlerConfig.DEFAULT_DISPUTE_DEADLINE)
                .isEqualTo(Duration.ofDays(3));
        assertThat(defaults.disputeDefault()).isEqualTo(DisputeOutcome.PAY_WORKER);
        assertThat(defaults.effective("no file").text()).contains("dispute_deadline_s = 259200")
                .contains("dispute_default = worker");

        SettlerFile customer = SettlerFile.load(write("[settler]\ndispute_deadline_s = 3600\n"
                + "dispute_default = Customer\n"));
        assertThat(customer.disputeDeadline()).isEqualTo(Duration.ofHours(1));
        assertThat(customer.disputeDefault()).isEqualTo(DisputeOutcome.REFUND_CUSTOMER);
        assertThat(customer.warnings()).isEmpty();
        assertThat(defaults.effective("no file").text()).contains("network_settlement = on_reveal");
        assertThat(SettlerFile.load(write("[settler]\nnetwork_settlement = On_Job_Done\n")).networkSettlement())
                .isEqualTo(NetworkSettlement.ON_JOB_DONE);
        assertThatThrownBy(() -> SettlerFile.load(write("[settler]\nnetwork_settlement = later\n")))
                .hasMessageContaining("network_settlement: expected on_reveal or on_job_done, got 'later'");
        assertThatThrownBy(() -> SettlerFile.load(write("[settler]\ndispute_default = admin\n")))
                .hasMessageContaining("dispute_default: expected worker or customer, got 'admin'");
        assertThatThrownBy(() -> SettlerFile.load(write("[settler]\ndispute_deadline_s = 0\n")))
                .hasMessageContaining("dispute_deadline_s");
        // longer than nodes wait by default: started, with a warning that says why nodes will refuse it
        SettlerFile slow = SettlerFile.load(write("[settler]\ndispute_window_s = 864000\n"
                + "dispute_deadline_s = 864000\n"));
        assertThat(slow.warnings()).singleElement().satisfies(w -> assertThat(w)
                .contains("refuse to make job invoices for this settler"));
    }

    @Test
    void theSettlerFileDefaultsEveryKeyAndItsExampleStatesThem() throws Exception {
        SettlerFile defaults = SettlerFile.defaults();
        assertThat(defaults.warnings()).isEmpty();
        assertThat(defaults.listen().port()).isEqualTo(8740);
        assertThat(defaults.walletBackend()).isEqualTo("ledger");
        assertThat(defaults.jdbcUrl()).startsWith("jdbc:sqlite:").endsWith("settler.db");
        SettlerFile example = SettlerFile.load(Path.of("config/settler.ini.example"));
        assertThat(example.warnings()).isEmpty();
        assertThat(example.networkFeeMsat()).isEqualTo(defaults.networkFeeMsat());
        assertThat(example.invoiceTtl()).isEqualTo(defaults.invoiceTtl());
        assertThat(example.disputeWindow()).isEqualTo(defaults.disputeWindow());
        assertThat(example.disputeDeadline()).isEqualTo(defaults.disputeDeadline());
        assertThat(example.disputeDefault()).isEqualTo(defaults.disputeDefault());
        assertThat(example.networkSettlement()).isEqualTo(defaults.networkSettlement())
                .isEqualTo(NetworkSettlement.ON_REVEAL);
        assertThat(example.startingBalanceSat()).isEqualTo(defaults.startingBalanceSat());
        assertThat(example.listen()).isEqualTo(defaults.listen());
        assertThat(example.metrics()).isEmpty();
        assertThatThrownBy(() -> SettlerFile.load(write("[settler]\ndatabase = jdbc:mysql://x/y\n")))
                .hasMessageContaining("jdbc:sqlite: or jdbc:postgresql:");
        assertThatThrownBy(() -> SettlerFile.load(write("[settler]\nrequire = kyc\n")))
                .hasMessageContaining("name=value");
        assertThatThrownBy(() -> SettlerFile.load(write("[wallet]\nbackend = lnd\n")))
                .hasMessageContaining("lnd_tls_cert");
        assertThatThrownBy(() -> SettlerFile.load(write("[settler]\nlisten_port = 1\n")))
                .hasMessageContaining("unknown key 'listen_port'");
    }

    @Test
    void theSettlerFileReadsItsTlsAndHttpLimits() throws Exception {
        HttpSettings defaults = SettlerFile.defaults().http();
        assertThat(defaults).isEqualTo(HttpSettings.defaults());
        assertThat(defaults.tlsCert()).isEmpty();
        assertThat(defaults.scheme()).isEqualTo("http");
        assertThat(SettlerFile.load(Path.of("config/settler.ini.example")).http()).isEqualTo(defaults);

        SettlerFile tls = SettlerFile.load(write("[settler]\ntls_cert = certs/chain.pem\ntls_key = certs/key.pem\n"
                + "request_read_timeout_s = 3\nmax_streams_per_client = 2\nmax_connections_per_address = 5\n"));
        assertThat(tls.http().scheme()).isEqualTo("https");
        assertThat(tls.http().tlsCert()).hasValue(dir.resolve("certs/chain.pem"));
        var config = tls.http().config(new java.net.InetSocketAddress("0.0.0.0", 8740));
        assertThat(config.tls()).hasValueSatisfying(t -> assertThat(t.privateKey()).isEqualTo(dir.resolve("certs/key.pem")));
        assertThat(config.requestReadTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.maxStreamsPerClient()).isEqualTo(2);
        assertThat(config.maxConnectionsPerAddress()).isEqualTo(5);
        config.checkPlainHttp(); // TLS: any address

        var plain = SettlerFile.load(write("[settler]\nlisten = 0.0.0.0:8740\n")).http()
                .config(new java.net.InetSocketAddress("0.0.0.0", 8740));
        assertThatThrownBy(plain::checkPlainHttp).hasMessageContaining("allow_plain_http");
        SettlerFile.load(write("[settler]\nallow_plain_http = true\n")).http()
                .config(new java.net.InetSocketAddress("0.0.0.0", 8740)).checkPlainHttp();

        assertThatThrownBy(() -> SettlerFile.load(write("[settler]\ntls_cert = chain.pem\n")))
                .hasMessageContaining("tls_cert and tls_key go together");
        assertThatThrownBy(() -> SettlerFile.load(write("[settler]\nmax_body_bytes = 10\n")))
                .hasMessageContaining("max_body_bytes");
    }
}

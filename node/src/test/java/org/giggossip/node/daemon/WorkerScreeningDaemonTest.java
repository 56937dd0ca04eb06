package org.giggossip.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.node.api.AppModel;
import org.giggossip.node.api.JobView;
import org.giggossip.node.api.OfferView;
import org.giggossip.node.config.NodeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Screening by certificate properties from {@code node.ini} (issue 17, deliverable 3), with daemons
 * in one JVM on 127.0.0.1: a hub serving the settler, which certifies one driver's
 * {@code driving_licence=valid} and one rider's {@code kyc=done}; that licensed driver (12,000 sat,
 * {@code [worker] required_sender_properties = kyc=done}) and a cheaper unlicensed one (11,000 sat).
 * The rider ({@code [customer] required_worker_properties = driving_licence=valid}, auto_choose cheapest)
 * is offered the licensed driver only, sees its property, and pays it: the cheaper offer is dropped
 * when it arrives. A rider without {@code kyc=done} gets no offer from the licensed driver.
 */
class WorkerScreeningDaemonTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private final List<NodeDaemon> daemons = new ArrayList<>();

    @AfterEach
    void close() {
        daemons.reversed().forEach(NodeDaemon::close);
    }

    private NodeDaemon start(String name, String top, String text, String node) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Path file = d.resolve("node.ini");
        Files.writeString(file, top + "[gossip]\np2p_address = 127.0.0.1:0\napi_address = 127.0.0.1:0\n" + text
                + "[node]\napp_address = 127.0.0.1:0\nadmission_difficulty = 256\n" + node);
        NodeDaemon daemon = NodeDaemon.start(NodeConfig.load(file));
        daemons.add(daemon);
        return daemon;
    }

    /** A node of the hub with its identity key in {@code key} (so the hub can certify it beforehand). */
    private NodeDaemon spoke(String name, NodeDaemon hub, Path key, String extra) throws Exception {
        // an offer window long enough for both drivers' offers on a busy machine
        NodeDaemon spoke = start(name, key == null ? "" : "hostkey = " + key + "\n", "bootstrapper = " + hub.address()
                + "\n[settler]\naddress = " + hub.address() + "\n" + extra, "offer_window_s = 10\n");
        await(name + " to link to the hub").atMost(WAIT).until(() -> hub.host().links().peers().contains(spoke.id()));
        return spoke;
    }

    private Path key(String name) throws Exception {
        Path file = Files.createDirectories(dir.resolve("keys")).resolve(name + ".key");
        KeyFile.save(file, PrivateKey.generate(RANDOM));
        return file;
    }

    private static PayloadId post(NodeDaemon rider) {
        Instant now = Instant.now();
        return rider.api().postJob(new TaxiTopic("r3gx2g5", "r3gx2ux", now, now.plus(Duration.ofMinutes(30)))).id();
    }

    private static JobView view(NodeDaemon rider, PayloadId job) {
        return rider.api().job(job).orElseThrow();
    }

    @Test
    void aRiderRequiringALicenceIsOfferedOnlyTheLicensedDriverAndSeesItsLicence() throws Exception {
        Path licensedKey = key("licensed");
        Path riderKey = key("rider");
        String licensedHex = KeyFile.load(licensedKey).publicKey().hex();
        String riderHex = KeyFile.load(riderKey).publicKey().hex();
        NodeDaemon hub = start("hub", "", "[settler]\nserve = true\ngrant = " + licensedHex
                + ":driving_licence=valid, " + riderHex + ":kyc=done\n", "");
        spoke("licensed", hub, licensedKey, "[worker]\nprice_sat = 12000\nrequired_sender_properties = kyc=done\n");
        spoke("unlicensed", hub, null, "[worker]\nprice_sat = 11000\n");
        NodeDaemon rider = spoke("rider", hub, riderKey, "[customer]\nauto_choose = cheapest\n"
                + "required_worker_properties = driving_licence=valid\n");
        NodeDaemon anon = spoke("anon", hub, null, "");

        PayloadId job = post(rider);
        PayloadId anonJob = post(anon);
        JobView paid = await("the rider's policy to take and pay the licensed driver's offer").atMost(WAIT)
                .pollInterval(Duration.ofMillis(50)).until(() -> view(rider, job),
                        j -> j.state().equals(AppModel.OPENED));
        assertThat(paid.offers()).as("the cheaper unlicensed offer was dropped, not listed").singleElement()
                .satisfies(o -> {
                    assertThat(o.jobPriceMsat()).isEqualTo(12_000_000);
                    assertThat(o.workerProperties()).isEqualTo(Map.of("driving_licence", "valid"));
                });
        assertThat(paid.worker().orElseThrow().hex()).isEqualTo(licensedHex);
        assertThat(paid.workerProperties()).isEqualTo(Map.of("driving_licence", "valid"));

        await("the unlicensed driver's offer to the anonymous rider").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> !view(anon, anonJob).offers().isEmpty());
        Thread.sleep(2_000); // time for an offer of the licensed driver, which requires kyc=done of customers
        assertThat(view(anon, anonJob).offers()).extracting(OfferView::jobPriceMsat).containsExactly(11_000_000L);
    }
}

package org.giggossip.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.node.api.ApiException;
import org.giggossip.node.api.AppModel;
import org.giggossip.node.api.JobView;
import org.giggossip.node.api.WorkView;
import org.giggossip.node.config.NodeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling (issue 17, deliverable 8; docs/operations.md, "Cancelling") through the app API of
 * daemons in one JVM on 127.0.0.1: a hub serving the settler, drivers and a rider. A rider cancels a
 * job with an offer unpaid, and the driver's node sees its offer called off at once; two drivers
 * answer, the rider pays one, and the other sees its offer called off at once; a driver withdraws its
 * offer, and the rider's node drops it.
 */
class CancellingTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long DRIVER_PRICE_SAT = 12_000;

    @TempDir
    Path dir;

    private final List<NodeDaemon> daemons = new ArrayList<>();

    @AfterEach
    void close() {
        daemons.reversed().forEach(NodeDaemon::close);
    }

    private NodeDaemon start(String name, String text) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Path file = d.resolve("node.ini");
        Files.writeString(file, "[gossip]\np2p_address = 127.0.0.1:0\napi_address = 127.0.0.1:0\n" + text
                + "[node]\napp_address = 127.0.0.1:0\nadmission_difficulty = 256\n");
        NodeDaemon daemon = NodeDaemon.start(NodeConfig.load(file));
        daemons.add(daemon);
        return daemon;
    }

    private NodeDaemon spoke(NodeDaemon hub, String name, String extra) throws Exception {
        NodeDaemon spoke = start(name, "bootstrapper = " + hub.address() + "\n[settler]\naddress = " + hub.address()
                + "\n" + extra);
        await(name + " to link to the hub").atMost(WAIT).until(() -> hub.host().links().peers().contains(spoke.id())
                && spoke.host().links().peers().contains(hub.id()));
        return spoke;
    }

    private NodeDaemon driver(NodeDaemon hub, String name, long priceSat) throws Exception {
        return spoke(hub, name, "[worker]\nprice_sat = " + priceSat + "\n");
    }

    private static PayloadId post(NodeDaemon rider) {
        Instant now = Instant.now();
        return rider.api().postJob(new TaxiTopic("r3gx2g5", "r3gx2ux", now, now.plus(Duration.ofMinutes(30)))).id();
    }

    private static JobView until(NodeDaemon rider, PayloadId job, java.util.function.Predicate<JobView> ok,
            String what) {
        return await(what).atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> rider.api().job(job).orElseThrow(), ok);
    }

    private static WorkView work(NodeDaemon driver, PayloadId job, String state) {
        return await(driver + "'s work to be " + state).atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> driver.api().work().stream().filter(w -> w.id().equals(job)).findFirst()
                        .orElse(null), w -> w != null && w.state().equals(state));
    }

    @Test
    void aRiderCancelsAnOpenJobAndTheDriverSeesItsOfferCalledOff() throws Exception {
        NodeDaemon hub = start("hub", "[settler]\nserve = true\n");
        NodeDaemon driver = driver(hub, "driver", DRIVER_PRICE_SAT);
        NodeDaemon rider = spoke(hub, "rider", "");
        PayloadId job = post(rider);
        JobView open = until(rider, job, j -> !j.offers().isEmpty(), "the driver's offer");
        work(driver, job, AppModel.REPLIED);

        rider.api().cancel(job);
        assertThat(rider.api().job(job).orElseThrow().state()).isEqualTo(AppModel.CANCELLED);
        work(driver, job, AppModel.CANCELLED);
        assertThatThrownBy(() -> rider.api().accept(job, open.offers().getFirst().number()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThatThrownBy(() -> rider.api().cancel(job))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThat(rider.api().balance().lockedMsat()).isZero();
    }

    @Test
    void payingOneOfferCallsTheOtherOffAtOnceAndAPaidJobIsNotCancelled() throws Exception {
        NodeDaemon hub = start("hub", "[settler]\nserve = true\n");
        NodeDaemon dear = driver(hub, "dear", DRIVER_PRICE_SAT);
        NodeDaemon cheap = driver(hub, "cheap", DRIVER_PRICE_SAT - 1_000);
        NodeDaemon rider = spoke(hub, "rider", "");
        PayloadId job = post(rider);
        JobView open = until(rider, job, j -> j.offers().size() == 2, "both offers");
        int cheapest = open.offers().stream().min(java.util.Comparator.comparingLong(o -> o.jobPriceMsat()))
                .orElseThrow().number();

        rider.api().accept(job, cheapest);
        until(rider, job, j -> j.state().equals(AppModel.PAID) || j.state().equals(AppModel.OPENED), "the payment");
        work(dear, job, AppModel.CANCELLED);
        work(cheap, job, AppModel.PAID);
        assertThatThrownBy(() -> rider.api().cancel(job)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.getMessage()).contains("confirm it or open a dispute");
        });
        assertThatThrownBy(() -> cheap.api().withdraw(job))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void aDriverWithdrawsItsOfferAndTheRidersNodeDropsIt() throws Exception {
        NodeDaemon hub = start("hub", "[settler]\nserve = true\n");
        NodeDaemon driver = driver(hub, "driver", DRIVER_PRICE_SAT);
        NodeDaemon rider = spoke(hub, "rider", "");
        PayloadId job = post(rider);
        JobView open = until(rider, job, j -> !j.offers().isEmpty(), "the driver's offer");
        work(driver, job, AppModel.REPLIED);

        driver.api().withdraw(job);
        work(driver, job, AppModel.CANCELLED);
        until(rider, job, j -> j.offers().isEmpty(), "the rider's node to drop the withdrawn offer");
        assertThatThrownBy(() -> rider.api().accept(job, open.offers().getFirst().number()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(rider.api().job(job).orElseThrow().state()).isEqualTo(AppModel.OPEN);
        assertThat(rider.api().balance().lockedMsat()).isZero();
    }
}

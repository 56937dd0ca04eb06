package org.giggossip.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.giggossip.core.topic.TaxiTopic;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.node.api.AppModel;
import org.giggossip.node.api.JobView;
import org.giggossip.node.config.NodeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who pays an offer (issue 17, item 12), with daemons in one JVM on 127.0.0.1: a hub serving the
 * settler, a driver at 12,000 sat and riders, each with a one-second offer window. A rider's node at
 * its default settings never pays an offer by itself: it used to take the cheapest when the window
 * closed, so a rider who then ran {@code gg job accept} found the job already paid. With
 * {@code [customer] auto_choose = cheapest} it takes one, but never above {@code max_price_sat}.
 */
class CustomerChoiceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long DRIVER_PRICE_SAT = 12_000;

    @TempDir
    Path dir;

    private final List<NodeDaemon> daemons = new ArrayList<>();

    @AfterEach
    void close() {
        daemons.reversed().forEach(NodeDaemon::close);
    }

    private NodeDaemon start(String name, String text, String node) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Path file = d.resolve("node.ini");
        Files.writeString(file, "[gossip]\np2p_address = 127.0.0.1:0\napi_address = 127.0.0.1:0\n" + text
                + "[node]\napp_address = 127.0.0.1:0\nadmission_difficulty = 256\n" + node);
        NodeDaemon daemon = NodeDaemon.start(NodeConfig.load(file));
        daemons.add(daemon);
        return daemon;
    }

    /** The hub serving the settler, and the driver linked to it. */
    private NodeDaemon hubWithDriver() throws Exception {
        NodeDaemon hub = start("hub", "[settler]\nserve = true\n", "");
        NodeDaemon driver = spoke("driver", hub, "[worker]\nprice_sat = " + DRIVER_PRICE_SAT + "\n");
        await("the driver to link to the hub").atMost(WAIT)
                .until(() -> hub.host().links().peers().contains(driver.id()));
        return hub;
    }

    private NodeDaemon spoke(String name, NodeDaemon hub, String extra) throws Exception {
        return start(name, "bootstrapper = " + hub.address() + "\n[settler]\naddress = " + hub.address() + "\n"
                + extra, "offer_window_s = 1\n");
    }

    private NodeDaemon rider(String name, NodeDaemon hub, String extra) throws Exception {
        NodeDaemon rider = spoke(name, hub, extra);
        await(name + " to link to the hub").atMost(WAIT).until(() -> rider.host().links().peers().contains(hub.id()));
        return rider;
    }

    private static PayloadId post(NodeDaemon rider) {
        Instant now = Instant.now();
        return rider.api().postJob(new TaxiTopic("r3gx2g5", "r3gx2ux", now, now.plus(Duration.ofMinutes(30)))).id();
    }

    private static JobView view(NodeDaemon rider, PayloadId job) {
        return rider.api().job(job).orElseThrow();
    }

    private static JobView until(NodeDaemon rider, PayloadId job, java.util.function.Predicate<JobView> ok,
            String what) {
        return await(what).atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> view(rider, job), ok);
    }

    @Test
    void aRiderAtTheDefaultsNeverPaysAnOfferByItselfAndPaysTheOneItAccepts() throws Exception {
        NodeDaemon hub = hubWithDriver();
        NodeDaemon rider = rider("rider", hub, "");
        PayloadId job = post(rider);
        until(rider, job, j -> !j.offers().isEmpty(), "the driver's offer");
        Thread.sleep(3_000); // the time under test: three offer windows pass with the offer there
        JobView open = view(rider, job);
        assertThat(open.state()).isEqualTo(AppModel.OPEN);
        assertThat(open.chosen()).isEmpty();
        assertThat(open.chosenBy()).isEmpty();
        assertThat(open.offers()).hasSize(1);
        assertThat(open.offers().getFirst().jobPriceMsat()).isEqualTo(DRIVER_PRICE_SAT * 1000);

        Instant before = Instant.now();
        rider.api().accept(job, open.offers().getFirst().number());
        JobView paid = until(rider, job, j -> j.state().equals(AppModel.PAID) || j.state().equals(AppModel.OPENED),
                "the accepted offer to be paid");
        assertThat(paid.chosen()).contains(open.offers().getFirst().number());
        assertThat(paid.chosenBy()).contains(AppModel.BY_CUSTOMER);
        assertThat(paid.chosenAt()).hasValueSatisfying(at -> assertThat(at).isAfterOrEqualTo(before));
    }

    @Test
    void autoChooseCheapestTakesAnOfferOnlyWithinMaxPrice() throws Exception {
        NodeDaemon hub = hubWithDriver();
        NodeDaemon thrifty = rider("thrifty", hub, "[customer]\nauto_choose = cheapest\nmax_price_sat = "
                + (DRIVER_PRICE_SAT - 1) + "\n");
        NodeDaemon willing = rider("willing", hub, "[customer]\nauto_choose = cheapest\nmax_price_sat = "
                + DRIVER_PRICE_SAT + "\nmax_network_fee_sat = 1000\n");
        PayloadId cheap = post(thrifty);
        PayloadId job = post(willing);

        JobView chosen = until(willing, job, j -> j.state().equals(AppModel.PAID) || j.state().equals(AppModel.OPENED),
                "the policy to take and pay the offer within the limits");
        assertThat(chosen.chosenBy()).contains(AppModel.BY_POLICY);
        assertThat(chosen.chosenAt()).isPresent();

        until(thrifty, cheap, j -> !j.offers().isEmpty(), "the driver's offer to the thrifty rider");
        Thread.sleep(3_000); // three offer windows pass with an offer above the limit there
        JobView open = view(thrifty, cheap);
        assertThat(open.state()).isEqualTo(AppModel.OPEN);
        assertThat(open.chosen()).isEmpty();
        assertThat(open.chosenBy()).isEqualTo(Optional.empty());
    }
}

package org.giggossip.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simplest network a person starts (issue 15's shape): a hub that serves the settler
 * ({@code [settler] serve = true}), a rider and a driver ({@code [worker] price_sat = 12000}),
 * each spoke naming the hub as its bootstrapper and settler node; free ports, defaults otherwise.
 * Started linked (each spoke logged its link to the hub); closed driver, rider, hub.
 */
final class HubShape implements AutoCloseable {
    private static final Pattern JOB_ID = Pattern.compile("(?m)^([0-9a-f]{32})$");

    final GgProcess hub;
    final GgProcess rider;
    final GgProcess driver;
    final Path hubDir;
    final Path riderDir;
    /** The hub's {@code key@host:port}. */
    final String hubAt;
    /** The rider's app API, for {@code gg job}. */
    final String riderApi;
    private final Duration wait;

    private HubShape(GgProcess hub, GgProcess rider, GgProcess driver, Path hubDir, Path riderDir, String hubAt,
            String riderApi, Duration wait) {
        this.hub = hub;
        this.rider = rider;
        this.driver = driver;
        this.hubDir = hubDir;
        this.riderDir = riderDir;
        this.hubAt = hubAt;
        this.riderApi = riderApi;
        this.wait = wait;
    }

    /** A node directory with {@code node.ini}: free ports, {@code gossip} in [gossip], then {@code text}. */
    static Path node(Path dir, String name, String gossip, String text) throws Exception {
        return GgProcess.nodeDir(dir, name, "[gossip]\np2p_address = 127.0.0.1:0\napi_address = 127.0.0.1:0\n"
                + gossip + "[node]\napp_address = 127.0.0.1:0\n" + text);
    }

    /** Starts the three nodes in {@code dir} and waits until both spokes are linked to the hub. */
    static HubShape start(Path dir, Duration wait) throws Exception {
        Path s = node(dir, "hub", "", "[settler]\nserve = true\n");
        GgProcess hub = GgProcess.start("hub", s, "node", "--config", "node.ini");
        GgProcess rider = null;
        GgProcess driver = null;
        try {
            String hubAt = hub.nodeStarted(wait);
            String bootstrapper = "bootstrapper = " + hubAt + "\n";
            String settler = "[settler]\naddress = " + hubAt + "\n";
            Path c = node(dir, "rider", bootstrapper, settler);
            Path d = node(dir, "driver", bootstrapper, settler + "[worker]\nprice_sat = 12000\n");
            rider = GgProcess.start("rider", c, "node", "--config", "node.ini");
            driver = GgProcess.start("driver", d, "node", "--config", "node.ini");
            String api = rider.appApi(wait);
            String hub12 = hubAt.substring(0, 12);
            rider.await("msg=\"linked to " + hub12, wait);
            driver.await("msg=\"linked to " + hub12, wait);
            return new HubShape(hub, rider, driver, s, c, hubAt, api, wait);
        } catch (Exception | AssertionError e) {
            for (GgProcess p : new GgProcess[] {driver, rider, hub}) {
                if (p != null) {
                    p.close();
                }
            }
            throw e;
        }
    }

    /** Posts a taxi job on the rider; returns its id. */
    String post() throws Exception {
        return post(riderDir, riderApi, wait);
    }

    /** Posts a taxi job with {@code gg job post} on the node in {@code nodeDir} (app API {@code api}); returns its id. */
    static String post(Path nodeDir, String api, Duration wait) throws Exception {
        String posted = GgProcess.job(nodeDir, api, wait, "post", "--from", "r3gx2g5", "--to", "r3gx2ux");
        Matcher id = JOB_ID.matcher(posted);
        assertThat(id.find()).as("a job id in:\n" + posted).isTrue();
        return id.group(1);
    }

    /** Runs the test's checks; a failure carries the three processes' output. */
    void check(Checks checks) throws Exception {
        try {
            checks.run();
        } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n--- hub:\n" + hub.output() + "\n--- rider:\n"
                    + rider.output() + "\n--- driver:\n" + driver.output(), e);
        }
    }

    /** A test's checks. */
    @FunctionalInterface
    interface Checks {
        void run() throws Exception;
    }

    @Override
    public void close() throws InterruptedException {
        driver.close();
        rider.close();
        hub.close();
    }
}

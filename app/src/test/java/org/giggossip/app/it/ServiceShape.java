package org.giggossip.app.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.regex.Matcher;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.settler.client.SettlerAdminClient;

/**
 * A {@code gg settler} service at its default settings (only its listen address given; its data
 * in the default {@code gg-settler} directory, so {@code gg settler admin} finds its admin key) and
 * three {@code gg node} processes: a middleman M, and a customer C and a driver D
 * ({@code [worker] price_sat}, licensed by the admin) that bootstrap to M and keep
 * {@code target_links = 1}, so every route between them crosses M. Started linked; closed
 * driver, customer, middleman, settler.
 */
final class ServiceShape implements AutoCloseable {
    final GgProcess settler;
    final GgProcess middle;
    final GgProcess customer;
    final GgProcess driver;
    final Path settlerDir;
    final Path middleDir;
    final Path customerDir;
    final Path driverDir;
    /** The settler's API, for {@code gg settler admin --url}. */
    final URI settlerUrl;
    /** The app APIs ({@code host:port}) of M, C and D. */
    final String middleApi;
    final String customerApi;
    final String driverApi;

    private ServiceShape(GgProcess[] p, Path[] d, URI settlerUrl, String[] apis) {
        this.settler = p[0];
        this.middle = p[1];
        this.customer = p[2];
        this.driver = p[3];
        this.settlerDir = d[0];
        this.middleDir = d[1];
        this.customerDir = d[2];
        this.driverDir = d[3];
        this.settlerUrl = settlerUrl;
        this.middleApi = apis[0];
        this.customerApi = apis[1];
        this.driverApi = apis[2];
    }

    /** Starts the four processes in {@code dir}, the driver at {@code priceSat}; waits until C and D are linked to M. */
    static ServiceShape start(Path dir, long priceSat, Duration wait) throws Exception {
        GgProcess[] p = new GgProcess[4];
        try {
            Path s = Files.createDirectories(dir.resolve("settler"));
            p[0] = GgProcess.start("settler", s, "settler", "--listen", "127.0.0.1:0");
            Matcher at = p[0].await("settler ([0-9a-f]{64}) listening on (http://[0-9.:]+)", wait);
            URI url = URI.create(at.group(2));
            PrivateKey driverKey = PrivateKey.generate(new SecureRandom());
            try (SettlerAdminClient admin = new SettlerAdminClient(url, KeyFile.load(s.resolve("gg-settler/admin.key")))) {
                admin.grant(driverKey.publicKey(), "driving_licence", "valid");
            }
            String settler = "[settler]\nurl = " + url + "\npublic_key = " + at.group(1) + "\n";
            Path m = HubShape.node(dir, "middle", "", settler);
            p[1] = GgProcess.start("middle", m, "node", "--config", "node.ini");
            String middleAt = p[1].nodeStarted(wait);
            String spoke = "bootstrapper = " + middleAt + "\n";
            Path c = HubShape.node(dir, "customer", spoke, "target_links = 1\n" + settler);
            Path d = HubShape.node(dir, "driver", spoke, "target_links = 1\n" + settler
                    + "[worker]\nprice_sat = " + priceSat + "\n");
            KeyFile.save(d.resolve("host.key"), driverKey);
            Files.writeString(d.resolve("node.ini"), "hostkey = host.key\n" + Files.readString(d.resolve("node.ini")));
            p[2] = GgProcess.start("customer", c, "node", "--config", "node.ini");
            p[3] = GgProcess.start("driver", d, "node", "--config", "node.ini");
            String[] apis = {p[1].appApi(wait), p[2].appApi(wait), p[3].appApi(wait)};
            String middle12 = middleAt.substring(0, 12);
            p[2].await("msg=\"linked to " + middle12, wait);
            p[3].await("msg=\"linked to " + middle12, wait);
            return new ServiceShape(p, new Path[] {s, m, c, d}, url, apis);
        } catch (Exception | AssertionError e) {
            for (int i = p.length - 1; i >= 0; i--) {
                if (p[i] != null) {
                    p[i].close();
                }
            }
            throw e;
        }
    }

    /** Runs {@code gg settler admin ARGS --url URL} in the settler's directory (its default admin key); returns its output. */
    String admin(Duration wait, String... args) throws Exception {
        String[] all = new String[args.length + 4];
        all[0] = "settler";
        all[1] = "admin";
        System.arraycopy(args, 0, all, 2, args.length);
        all[args.length + 2] = "--url";
        all[args.length + 3] = settlerUrl.toString();
        try (GgProcess p = GgProcess.start("gg settler admin " + args[0], settlerDir, all)) {
            int exit = p.waitFor(wait);
            if (exit != 0) {
                throw new AssertionError("gg " + String.join(" ", all) + " exited " + exit + "; output:\n" + p.output());
            }
            return p.output();
        }
    }

    /** Runs the test's checks; a failure carries the four processes' output. */
    void check(HubShape.Checks checks) throws Exception {
        try {
            checks.run();
        } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n--- settler:\n" + settler.output() + "\n--- middle:\n"
                    + middle.output() + "\n--- customer:\n" + customer.output() + "\n--- driver:\n"
                    + driver.output(), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        driver.close();
        customer.close();
        middle.close();
        settler.close();
    }
}

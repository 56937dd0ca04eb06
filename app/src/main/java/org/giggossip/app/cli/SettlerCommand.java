package org.giggossip.app.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.core.crypto.KeyFileException;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.settler.DisputeView;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.CertificateId;
import org.giggossip.core.wire.Hash32;
import org.giggossip.node.config.ConfigException;
import org.giggossip.node.config.HostPort;
import org.giggossip.node.config.SettlerFile;
import org.giggossip.node.settler.SettlerDaemon;
import org.giggossip.settler.client.SettlerAdminClient;
import org.giggossip.settler.client.SettlerHttpException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gg settler}: run a payment settler service (docs/settler.md) until SIGTERM or
 * Ctrl-C, and {@code gg settler admin ...}: its administrator's acts.
 */
@Command(name = "settler", mixinStandardHelpOptions = true,
        description = "Run a payment settler service: certificates, revocations, reply"
        + " preimages, disputes; HTTP/JSON with signed requests (OpenAPI at /openapi.json). With no file every"
        + " setting takes its default.",
        subcommands = {SettlerCommand.Admin.class})
final class SettlerCommand implements Callable<Integer>, Daemons.Daemon {
    /** Held so that its level stays set (JUL keeps loggers only weakly). */
    private static final java.util.logging.Logger FLYWAY = java.util.logging.Logger.getLogger("org.flywaydb");

    @Option(names = "--config", paramLabel = "FILE", description = "settler.ini (optional).")
    Path config;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Where the HTTP API listens"
            + " (default 127.0.0.1:8740; port 0 picks a free one).")
    String listen;

    @Option(names = "--data", paramLabel = "DIR", description = "Keys and SQLite files (default ./gg-settler).")
    Path data;

    @Option(names = "--database", paramLabel = "JDBC_URL", description = "jdbc:sqlite:FILE (default"
            + " <data>/settler.db) or jdbc:postgresql://HOST/DB?user=U&password=P.")
    String database;

    @Option(names = "--check", arity = "0..1", paramLabel = "FILE", fallbackValue = "",
            description = "Check the settings (settler.ini: FILE or --config, and the options above) and print"
                    + " every one with its effective value, defaults included, without starting anything: exit 0"
                    + " if they are valid, 2 if not.")
    String check;

    @Override
    public Integer call() throws InterruptedException {
        Path configFile;
        try {
            configFile = Daemons.configFile(config, check, false);
        } catch (IllegalArgumentException e) {
            System.err.println("gg settler: " + e.getMessage());
            return 2;
        }
        if (org.giggossip.node.daemon.LogFormat.current().intValue() >= Level.INFO.intValue()) {
            // Flyway reports every step of every start at INFO; its warnings and errors still show
            FLYWAY.setLevel(Level.WARNING);
        }
        System.Logger log = System.getLogger("gg.settler");
        SettlerFile file;
        try {
            file = (configFile == null ? SettlerFile.defaults() : SettlerFile.load(configFile)).with(
                    Optional.ofNullable(listen).map(l -> HostPort.parse(l, false, true)),
                    Optional.ofNullable(data), Optional.ofNullable(database));
        } catch (ConfigException e) {
            System.err.println("gg settler: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println("gg settler: --listen: " + e.getMessage());
            return 2;
        }
        if (check != null) {
            return Daemons.report("settler", file.effective(configFile == null ? "no file: every default"
                    : configFile.toAbsolutePath().toString()));
        }
        file.warnings().forEach(w -> log.log(System.Logger.Level.WARNING, w));
        SettlerDaemon daemon;
        try {
            daemon = SettlerDaemon.start(file);
        } catch (KeyFileException | IllegalStateException | IllegalArgumentException e) {
            // IllegalArgumentException: plain HTTP on an address that is not loopback, not allowed
            System.err.println("gg settler: cannot start: " + e.getMessage());
            return 1;
        }
        String url = file.http().scheme() + "://" + daemon.address().getHostString() + ":" + daemon.address().getPort();
        log.log(System.Logger.Level.INFO, "settler " + daemon.id().hex() + " listening on " + url + " ("
                + (daemon.service().restored() ? "restored" : "new") + "; " + daemon.describe() + ")");
        daemon.adminKeyFile().ifPresent(k -> log.log(System.Logger.Level.INFO, "admin key in " + k
                + " (gg settler admin --key " + k + " ...)"));
        log.log(System.Logger.Level.INFO, "OpenAPI at " + url + "/openapi.json");
        Daemons.runUntilSignal("settler", "stopping (signal)", daemon::close);
        return 0;
    }

    /** {@code gg settler admin ...}: acts only an administrator's key may sign. */
    @Command(name = "admin", mixinStandardHelpOptions = true,
            description = "Administer a running settler with an admin key.",
            subcommands = {Grant.class, RevokeProperty.class, RevokeCertificate.class, Disputes.class,
                    Resolve.class})
    static final class Admin implements Callable<Integer> {
        @Override
        public Integer call() {
            System.err.println("gg settler admin: name an act: grant, revoke-property, revoke-certificate,"
                    + " disputes, resolve");
            return 2;
        }
    }

    /** Options every admin act shares. */
    abstract static class AdminAct implements Callable<Integer> {
        @Option(names = "--url", defaultValue = "http://127.0.0.1:8740", description = "The settler's API"
                + " (default ${DEFAULT-VALUE}).")
        URI url;

        @Option(names = "--key", defaultValue = "gg-settler/admin.key", description = "The admin key file"
                + " (default ${DEFAULT-VALUE}).")
        Path key;

        @Override
        public Integer call() throws InterruptedException {
            PrivateKey admin;
            try {
                admin = KeyFile.load(key);
            } catch (KeyFileException e) {
                System.err.println("gg settler admin: " + e.getMessage());
                return 2;
            }
            try (SettlerAdminClient client = new SettlerAdminClient(url, admin)) {
                return act(client);
            } catch (SettlerHttpException e) {
                System.err.println("gg settler admin: refused: " + e.getMessage());
                return 1;
            } catch (IOException e) {
                System.err.println("gg settler admin: cannot reach " + url + ": " + e.getMessage());
                return 1;
            } catch (IllegalArgumentException e) {
                System.err.println("gg settler admin: " + e.getMessage());
                return 2;
            }
        }

        abstract int act(SettlerAdminClient client) throws IOException, InterruptedException;
    }

    @Command(name = "grant", mixinStandardHelpOptions = true,

            description = "Grant a property to a subject (e.g. after checking a licence).")
    static final class Grant extends AdminAct {
        @Parameters(index = "0", paramLabel = "SUBJECT", description = "The subject's x-only key, 64 hex digits.")
        String subject;
        @Parameters(index = "1", paramLabel = "NAME=VALUE", description = "e.g. driving_licence=valid")
        String property;

        @Override
        int act(SettlerAdminClient client) throws IOException, InterruptedException {
            String[] kv = property.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected NAME=VALUE, got " + property);
            }
            System.out.println(client.grant(PublicKey.fromHex(subject), kv[0], kv[1]));
            return 0;
        }
    }

    @Command(name = "revoke-property", mixinStandardHelpOptions = true,

            description = "Withdraw a property; revokes the certificates that"
            + " certify it and publishes the next revocation list.")
    static final class RevokeProperty extends AdminAct {
        @Parameters(index = "0", paramLabel = "SUBJECT")
        String subject;
        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Override
        int act(SettlerAdminClient client) throws IOException, InterruptedException {
            var revoked = client.revokeProperty(PublicKey.fromHex(subject), name);
            System.out.println("revoked " + revoked.size() + " certificate(s)");
            revoked.forEach(id -> System.out.println("  " + id.hex()));
            return 0;
        }
    }

    @Command(name = "revoke-certificate", mixinStandardHelpOptions = true,

            description = "Revoke one certificate by its id.")
    static final class RevokeCertificate extends AdminAct {
        @Parameters(index = "0", paramLabel = "CERTIFICATE_ID", description = "64 hex digits.")
        String id;

        @Override
        int act(SettlerAdminClient client) throws IOException, InterruptedException {
            long version = client.revokeCertificate(CertificateId.of(Hex.decode(id)));
            System.out.println("revoked; revocation list version " + version);
            return 0;
        }
    }

    @Command(name = "disputes", mixinStandardHelpOptions = true,

            description = "List the open disputes with their evidence: the customer's and the worker's statements"
            + " and when each was made; --all adds those ended recently, with outcome, who decided and why.")
    static final class Disputes extends AdminAct {
        @Option(names = "--all", description = "Also the disputes ended within the preimage retention.")
        boolean all;

        @Override
        int act(SettlerAdminClient client) throws IOException, InterruptedException {
            List<DisputeView> disputes = client.disputes(all);
            long open = disputes.stream().filter(DisputeView::open).count();
            System.out.println(open + " open dispute(s)" + (all ? ", " + (disputes.size() - open) + " ended" : ""));
            disputes.forEach(d -> System.out.print(describe(d)));
            return 0;
        }
    }

    /** A dispute in a few lines: the gig, both statements with their times, and its end once ended. */
    static String describe(DisputeView d) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("  %s  %,d sat  customer %s  worker %s%n", d.replyHash().hex(),
                d.replyAmountMsat() / 1000, d.customer().hex().substring(0, 12), d.replier().hex().substring(0, 12)));
        b.append(String.format("    opened   %s  customer: %s%n", d.openedAt() == null ? "(time not kept)" : d.openedAt(),
                d.customerStatement()));
        if (d.answeredAt() == null) {
            b.append("    the worker has not answered\n");
        } else {
            b.append(String.format("    answered %s  worker: %s%n", d.answeredAt(), d.workerStatement()));
        }
        if (!d.open()) {
            b.append(String.format("    resolved %s  job payment %s, decided by %s: %s%n", d.resolvedAt(),
                    d.outcome(), d.decidedBy(), d.reason()));
        }
        return b.toString();
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,

            description = "Decide a dispute with a reason told to both parties: --pay-worker releases the job payment,"
            + " --refund-customer tells the worker to cancel its invoice. A dispute is decided once.")
    static final class Resolve extends AdminAct {
        @Parameters(index = "0", paramLabel = "REPLY_HASH", description = "The gig's reply payment hash.")
        String hash;
        @Option(names = "--pay-worker")
        boolean payWorker;
        @Option(names = "--refund-customer")
        boolean refund;
        @Option(names = "--reason", required = true, paramLabel = "TEXT",
                description = "Why (1 to 1024 UTF-8 bytes); the customer and the worker are told.")
        String reason;

        @Override
        int act(SettlerAdminClient client) throws IOException, InterruptedException {
            if (payWorker == refund) {
                throw new IllegalArgumentException("give exactly one of --pay-worker and --refund-customer");
            }
            client.resolve(Hash32.of(Hex.decode(hash)), payWorker, reason);
            System.out.println("resolved: " + (payWorker ? "the worker is paid" : "the customer is refunded"));
            return 0;
        }
    }
}

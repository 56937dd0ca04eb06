package org.giggossip.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.node.config.EffectiveSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code gg node --check} and {@code gg settler --check}: validate, print the effective settings, start nothing. */
class CheckCommandTest {
    @RegisterExtension
    final CapturedStd std = new CapturedStd();

    @TempDir
    Path dir;

    private String out() {
        return std.out();
    }

    private String err() {
        return std.err();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).sorted().toList();
        }
    }

    @Test
    void aValidNodeFilePrintsEverySettingWithDefaultsAndCreatesNothing() throws IOException {
        Path ini = write("node.ini", """
                [gossip]
                degree = 7
                p2p_address = 127.0.0.1:0
                [settler]
                serve = true
                [dave]
                listen = 127.0.0.1:0
                """);
        List<Path> before = files();
        assertThat(Gg.run("node", "--check", ini.toString())).as(err()).isZero();
        String text = out();
        assertThat(text).contains("degree = 7\n", "cache_size = 50\n", "p2p_address = 127.0.0.1:0\n",
                "api_address = 127.0.0.1:7001\n", "data_dir = " + dir.resolve("gg-data") + "\n",
                "hostkey = " + dir.resolve("gg-data").resolve("identity.key") + "\n", "fanout = 4\n",
                "admission_difficulty = 65536\n", "serve = true\n", "backend = embedded\n", "reply_window_s = 60\n",
                "[dave]\nlisten = 127.0.0.1:0\n", "work_to_store = 3\n", "; public_key = (not set)\n",
                "does not exist yet: created on first start");
        // every key of every section the file has is printed
        for (String key : List.of("cache_size", "degree", "bootstrapper", "p2p_address", "api_address", "data_dir",
                "app_address", "multibroadcast", "pow_difficulty", "reply_fee_msat", "max_connections",
                "max_connections_per_address",
                "target_links", "offer_window_s", "public_key", "url", "address", "grant", "starting_balance_sat", "trusted",
                "price_sat", "message", "replies_per_topic", "auto_choose", "max_price_sat", "max_network_fee_sat",
                "store_mb", "period_ns",
                "npeer", "max_dat_answers")) {
            assertThat(text).as(key).containsPattern("(?m)^(; )?" + key + " = ");
        }
        assertThat(err()).isEmpty();
        assertThat(files()).as("no data directory, no key, no store").isEqualTo(before);
    }

    @Test
    void theConfigOptionWithCheckIsTheSameAndTwoDifferentFilesAreRefused() throws IOException {
        Path ini = write("node.ini", "[gossip]\ndegree = 9\n");
        assertThat(Gg.run("node", "--config", ini.toString(), "--check")).as(err()).isZero();
        assertThat(out()).contains("degree = 9");
        assertThat(Gg.run("node", "--check", "--config", ini.toString())).as(err()).isZero();
        Path other = write("other.ini", "");
        assertThat(Gg.run("node", "--config", ini.toString(), "--check", other.toString())).isEqualTo(2);
        assertThat(err()).contains("name two files");
        assertThat(Gg.run("node", "--check")).isEqualTo(2);
        assertThat(err()).contains("name the INI file");
    }

    @Test
    void anInvalidNodeFileExitsTwoWithTheReasonAndCreatesNothing() throws IOException {
        Path ini = write("node.ini", "[gossip]\ndegre = 5\n");
        List<Path> before = files();
        assertThat(Gg.run("node", "--check", ini.toString())).isEqualTo(2);
        assertThat(err()).contains("node.ini:2: unknown key 'degre' in [gossip]");
        assertThat(out()).isEmpty();
        assertThat(Gg.run("node", "--check", dir.resolve("missing.ini").toString())).isEqualTo(2);
        assertThat(err()).contains("missing.ini");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void aKeyFileThatDoesNotLoadIsAProblemAndSecretsAreNeverPrinted() throws IOException {
        Path key = write("hostkey.pem", "-----BEGIN EC PRIVATE KEY-----\nTHISISNOTAKEY\n-----END EC PRIVATE KEY-----\n");
        ownerOnly(key);
        Path cert = write("tls.cert", "CERTIFICATE-BYTES");
        Path macaroon = write("admin.macaroon", "MACAROON-SECRET-BYTES");
        Path ini = write("node.ini", """
                hostkey = hostkey.pem
                [settler]
                public_key = %s
                url = https://operator:hunter2@settler.example/
                [wallet]
                backend = lnd
                lnd_tls_cert = tls.cert
                lnd_macaroon = admin.macaroon
                """.formatted(PrivateKey.generate(new java.security.SecureRandom()).publicKey().hex()));
        assertThat(Gg.run("node", "--check", ini.toString())).isEqualTo(2);
        assertThat(err()).contains("gg node: identity key: ").doesNotContain("THISISNOTAKEY");
        assertThat(out()).contains("url = https://***@settler.example/", "lnd_macaroon = " + macaroon,
                "lnd_tls_cert = " + cert).doesNotContain("hunter2").doesNotContain("MACAROON-SECRET")
                .doesNotContain("THISISNOTAKEY");

        Files.delete(macaroon);
        Files.delete(key);
        std.reset();
        assertThat(Gg.run("node", "--check", ini.toString())).isEqualTo(2);
        assertThat(err()).contains("lnd_macaroon " + macaroon + ": not a readable file")
                .doesNotContain("identity key");
    }

    @Test
    void aGoodExistingKeyIsLoadedNotPrinted() throws Exception {
        PrivateKey k = PrivateKey.generate(new java.security.SecureRandom());
        org.giggossip.core.crypto.KeyFile.save(dir.resolve("id.key"), k);
        String pem = Files.readString(dir.resolve("id.key"));
        Path ini = write("node.ini", "hostkey = id.key\n");
        assertThat(Gg.run("node", "--check", ini.toString())).as(err()).isZero();
        assertThat(out()).contains("hostkey = " + dir.resolve("id.key")).doesNotContain(pem.lines().skip(1)
                .findFirst().orElseThrow()).doesNotContain("identity key " + dir.resolve("id.key") + " does not");
    }

    @Test
    void settlerCheckAppliesTheOptionsMasksTheDatabasePasswordAndCreatesNothing() throws IOException {
        Path ini = write("settler.ini", """
                [settler]
                listen = 127.0.0.1:0
                invoice_ttl_s = 900
                require = kyc=passed
                """);
        Path data = dir.resolve("state");
        List<Path> before = files();
        assertThat(Gg.run("settler", "--check", "--config", ini.toString(), "--data", data.toString(),
                "--database", "jdbc:postgresql://db/gg?user=gg&password=s3cret")).as(err()).isZero();
        assertThat(out()).contains("listen = 127.0.0.1:0\n", "data_dir = " + data + "\n",
                "database = jdbc:postgresql://db/gg?user=gg&password=***\n", "invoice_ttl_s = 900\n",
                "dispute_window_s = 86400\n", "require = kyc=passed\n", "backend = ledger\n",
                "starting_balance_sat = 1000000\n", "(the key in " + data.resolve("admin.key") + ")")
                .doesNotContain("s3cret");
        assertThat(files()).isEqualTo(before);

        std.reset();
        assertThat(Gg.run("settler", "--check", ini.toString(), "--data", data.toString())).as(err()).isZero();
        assertThat(out()).contains("database = jdbc:sqlite:" + data.resolve("settler.db").toAbsolutePath());
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void anInvalidSettlerConfigurationExitsTwoWithTheReason() throws IOException {
        Path ini = write("settler.ini", "[wallet]\nbackend = paper\n");
        assertThat(Gg.run("settler", "--check", "--config", ini.toString())).isEqualTo(2);
        assertThat(err()).contains("settler.ini:2: backend: expected ledger or lnd, got 'paper'");
        assertThat(out()).isEmpty();
        Path data = write("state", "a file where the data directory should be");
        assertThat(Gg.run("settler", "--check", "--data", data.toString(), "--listen", "127.0.0.1:0"))
                .isEqualTo(2);
        assertThat(err()).contains("data_dir " + data + ": exists and is not a directory");
        assertThat(Gg.run("settler", "--check", "--listen", "nowhere")).isEqualTo(2);
        assertThat(err()).contains("--listen");
    }

    @Test
    void redactMasksUserInformationAndSecretParameters() {
        assertThat(EffectiveSettings.redact("jdbc:postgresql://db:5432/gg?user=gg&password=p%40ss&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/gg?user=gg&password=***&ssl=true");
        assertThat(EffectiveSettings.redact("jdbc:postgresql://db/gg?sslpassword=x;PWD=y"))
                .isEqualTo("jdbc:postgresql://db/gg?sslpassword=***;PWD=***");
        assertThat(EffectiveSettings.redact("https://u:p@host.example/x?api_token=t#f"))
                .isEqualTo("https://***@host.example/x?api_token=***#f");
        assertThat(EffectiveSettings.redact("jdbc:sqlite:/var/lib/gg/settler.db"))
                .isEqualTo("jdbc:sqlite:/var/lib/gg/settler.db");
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to tighten
        }
    }
}

package org.giggossip.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.settler.DisputeView;
import org.giggossip.core.wire.Hash32;
import org.giggossip.node.config.HostPort;
import org.giggossip.node.config.SettlerFile;
import org.giggossip.node.settler.SettlerDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gg settler admin ...} against a running settler: signed with the admin key, refused with another. */
class SettlerAdminCommandTest {
    @TempDir
    Path dir;

    @Test
    void anAdminGrantsAndAnyOtherKeyIsRefused() throws Exception {
        SettlerFile file = SettlerFile.defaults().with(Optional.of(HostPort.parse("127.0.0.1:0", false, true)),
                Optional.of(dir.resolve("data")), Optional.empty());
        try (SettlerDaemon d = SettlerDaemon.start(file)) {
            String url = "http://127.0.0.1:" + d.address().getPort();
            String admin = dir.resolve("data/admin.key").toString();
            PrivateKey subject = PrivateKey.generate(new SecureRandom());
            CapturedGg gg = new CapturedGg();
            assertThat(gg.run("settler", "admin", "grant", "--url", url, "--key", admin, subject.publicKey().hex(),
                    "driving_licence=valid")).isZero();
            assertThat(d.service().granted(subject.publicKey()).get(10, TimeUnit.SECONDS))
                    .containsEntry("driving_licence", "valid");
            assertThat(gg.run("settler", "admin", "disputes", "--url", url, "--key", admin)).isZero();
            assertThat(gg.run("settler", "admin", "disputes", "--url", url, "--key", admin, "--all")).isZero();

            Path stranger = dir.resolve("stranger.key");
            KeyFile.save(stranger, PrivateKey.generate(new SecureRandom()));
            assertThat(gg.run("settler", "admin", "grant", "--url", url, "--key", stranger.toString(),
                    subject.publicKey().hex(), "kyc=passed")).isEqualTo(1);
            assertThat(d.service().granted(subject.publicKey()).get(10, TimeUnit.SECONDS)).doesNotContainKey("kyc");
            assertThat(gg.run("settler", "admin", "resolve", "--url", url, "--key", admin, "00".repeat(32)))
                    .isEqualTo(2);
            // a reason is required (issue 17)
            CapturedGg noReason = new CapturedGg();
            assertThat(noReason.run("settler", "admin", "resolve", "--url", url, "--key", admin, "00".repeat(32),
                    "--refund-customer")).isEqualTo(2);
            assertThat(noReason.err()).contains("--reason");
            CapturedGg none = new CapturedGg();
            assertThat(none.run("settler", "admin", "resolve", "--url", url, "--key", admin, "00".repeat(32),
                    "--refund-customer", "--reason", "no pickup")).as("refused: unknown gig").isEqualTo(1);
            assertThat(gg.run("settler", "admin", "grant", "--url", url, "--key", dir.resolve("none.key").toString(),
                    subject.publicKey().hex(), "a=b")).isEqualTo(2);
        }
    }

    /** Issue 17: a dispute is listed with both statements and their times, and once ended with its outcome. */
    @Test
    void aDisputeIsDescribedWithItsEvidenceAndItsEnd() {
        Hash32 hash = Hash32.of(new byte[32]);
        PublicKey customer = PrivateKey.generate(new SecureRandom()).publicKey();
        PublicKey worker = PrivateKey.generate(new SecureRandom()).publicKey();
        Instant t = Instant.parse("2026-12-08T01:00:00Z");
        String open = SettlerCommand.describe(new DisputeView(hash, customer, worker, 50_000, t,
                "the driver never came", null, null, null, null, null, null));
        assertThat(open).contains(hash.hex()).contains("50 sat")
                .contains("opened   2026-12-08T01:00:00Z  customer: the driver never came")
                .contains("the worker has not answered").doesNotContain("resolved");
        String ended = SettlerCommand.describe(new DisputeView(hash, customer, worker, 50_000, t,
                "the driver never came", t.plusSeconds(60), "I waited 20 minutes", t.plusSeconds(120), "refunded",
                "admin", "no pickup in the log"));
        assertThat(ended).contains("answered 2026-12-08T01:01:00Z  worker: I waited 20 minutes")
                .contains("resolved 2026-12-08T01:02:00Z  job payment refunded, decided by admin: no pickup in the log");
    }
}

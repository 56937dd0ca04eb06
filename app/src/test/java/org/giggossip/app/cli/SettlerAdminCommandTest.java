package org.giggossip.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.KeyFile;
import org.giggossip.core.crypto.PrivateKey;
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

            Path stranger = dir.resolve("stranger.key");
            KeyFile.save(stranger, PrivateKey.generate(new SecureRandom()));
            assertThat(gg.run("settler", "admin", "grant", "--url", url, "--key", stranger.toString(),
                    subject.publicKey().hex(), "kyc=passed")).isEqualTo(1);
            assertThat(d.service().granted(subject.publicKey()).get(10, TimeUnit.SECONDS)).doesNotContainKey("kyc");
            assertThat(gg.run("settler", "admin", "resolve", "--url", url, "--key", admin, "00".repeat(32)))
                    .isEqualTo(2);
            assertThat(gg.run("settler", "admin", "grant", "--url", url, "--key", dir.resolve("none.key").toString(),
                    subject.publicKey().hex(), "a=b")).isEqualTo(2);
        }
    }
}

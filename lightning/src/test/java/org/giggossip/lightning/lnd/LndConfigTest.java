package org.giggossip.lightning.lnd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.giggossip.core.util.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LndConfigTest {
    @TempDir
    Path dir;

    private LndConfig config(Path cert, Path macaroon) {
        return LndConfig.of("127.0.0.1", 10009, cert, macaroon, dir.resolve("state"));
    }

    private Path cert() throws IOException {
        return SelfSignedTls.generate(new SecureRandom()).writePem(dir.resolve("tls.cert"));
    }

    @Test
    void readsTheCertificateAndTheMacaroonAsHex() throws IOException {
        Path macaroon = Files.write(dir.resolve("admin.macaroon"), new byte[] {0x02, 0x01, (byte) 0xff});
        var credentials = config(cert(), macaroon).readCredentials();
        assertThat(credentials.macaroonHex()).isEqualTo(Hex.encode(new byte[] {0x02, 0x01, (byte) 0xff}));
        assertThat(credentials.certificates()).hasSize(1);
        assertThat(credentials.certificates().getFirst().getSubjectX500Principal().getName()).contains("CN=localhost");
    }

    @Test
    void aMissingCertificateIsNamed() throws IOException {
        Path macaroon = Files.write(dir.resolve("admin.macaroon"), new byte[] {1});
        Path missing = dir.resolve("missing.cert");
        assertThatThrownBy(() -> config(missing, macaroon).readCredentials())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lnd TLS certificate " + missing + " does not exist");
    }

    @Test
    void aFileThatIsNotACertificateIsRefused() throws IOException {
        Path macaroon = Files.write(dir.resolve("admin.macaroon"), new byte[] {1});
        Path bad = Files.writeString(dir.resolve("bad.cert"),
                "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> config(bad, macaroon).readCredentials())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lnd TLS certificate " + bad + " is not a PEM X.509 certificate");
        Path text = Files.writeString(dir.resolve("text.cert"), "hello");
        assertThatThrownBy(() -> config(text, macaroon).readCredentials())
                .hasMessageContaining("lnd TLS certificate " + text);
    }

    @Test
    void aDirectoryAnEmptyOrAHugeMacaroonIsRefused() throws IOException {
        Path cert = cert();
        assertThatThrownBy(() -> config(cert, dir).readCredentials())
                .hasMessage("lnd macaroon " + dir + " is not a file");
        Path empty = Files.write(dir.resolve("empty.macaroon"), new byte[0]);
        assertThatThrownBy(() -> config(cert, empty).readCredentials())
                .hasMessage("lnd macaroon " + empty + " is empty");
        Path huge = Files.write(dir.resolve("huge.macaroon"), new byte[(int) LndConfig.MAX_MACAROON_BYTES + 1]);
        assertThatThrownBy(() -> config(cert, huge).readCredentials())
                .hasMessageStartingWith("lnd macaroon " + huge + " is " + (LndConfig.MAX_MACAROON_BYTES + 1) + " bytes");
    }

    @Test
    void badValuesAreRefused() {
        Path p = dir.resolve("x");
        assertThatThrownBy(() -> LndConfig.of("", 10009, p, p, p)).hasMessage("lnd host is empty");
        assertThatThrownBy(() -> LndConfig.of("h", 0, p, p, p)).hasMessage("lnd port must be 1 to 65535: 0");
        assertThatThrownBy(() -> LndConfig.of("h", 65536, p, p, p)).hasMessageContaining("65536");
        assertThatThrownBy(() -> new LndConfig("h", 1, p, p, p, Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> new LndConfig("h", 1, p, p, p, Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .hasMessageContaining("backoff");
        assertThat(LndConfig.of("h", 1, p, p, p).callTimeout()).isEqualTo(LndConfig.DEFAULT_CALL_TIMEOUT);
    }
}

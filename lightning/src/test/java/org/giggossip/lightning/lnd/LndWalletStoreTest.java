package org.giggossip.lightning.lnd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.wire.Hash32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LndWalletStoreTest {
    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();

    @Test
    void whatIsTrackedSurvivesReopening() {
        Hash32 a = Preimage.generate(random).paymentHash();
        Hash32 b = Preimage.generate(random).paymentHash();
        Hash32 c = Preimage.generate(random).paymentHash();
        LndWalletStore store = LndWalletStore.open(dir);
        store.addInvoice(a);
        store.addInvoice(b);
        store.addPayment(c, 42);
        store.removeInvoice(a);

        LndWalletStore again = LndWalletStore.open(dir);
        assertThat(again.invoices()).containsExactly(b);
        assertThat(again.payments()).isEqualTo(Map.of(c, 42L));
        assertThat(again.tracksInvoice(b)).isTrue();
        again.removePayment(c);
        assertThat(LndWalletStore.open(dir).payments()).isEmpty();
    }

    @Test
    void aFileThatIsNotAStoreIsRefusedNamingTheLine() throws IOException {
        Path file = dir.resolve(LndWalletStore.FILE_NAME);
        Files.writeString(file, "invoice " + "00".repeat(32) + "\ninvoice 1234\n");
        assertThatThrownBy(() -> LndWalletStore.open(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2").hasMessageContaining("32 bytes");
        Files.writeString(file, "payment zz 1\n");
        assertThatThrownBy(() -> LndWalletStore.open(dir)).hasMessageContaining("line 1: not hex");
        Files.writeString(file, "hello\n");
        assertThatThrownBy(() -> LndWalletStore.open(dir)).hasMessageContaining("line 1 is not");
    }
}

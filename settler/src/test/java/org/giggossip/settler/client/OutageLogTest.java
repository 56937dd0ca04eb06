package org.giggossip.settler.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link OutageLog}: an outage of the settler service is logged at once, then rate-limited, and its end once. */
class OutageLogTest {
    /** The lines logged, as "LEVEL text". */
    final List<String> lines = new CopyOnWriteArrayList<>();

    final System.Logger capture = new System.Logger() {
        @Override
        public String getName() {
            return "capture";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(level + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + MessageFormat.format(format, params));
        }
    };

    @Test
    void theFirstFailureIsAWarningTheNextAreCountedAndTheEndIsInfo() {
        OutageLog log = new OutageLog(capture, "the settler service at http://127.0.0.1:1", Duration.ofHours(1));
        log.answered();
        assertThat(lines).isEmpty(); // no outage, nothing to say

        IOException e = new IOException("HTTP/1.1 header parser received no bytes");
        log.failed("SealReply (call 7)", e, "sending it again with the same call id in 250 ms");
        log.failed("SealReply (call 7)", e, "sending it again with the same call id in 500 ms");
        log.failed("polling /v1/notices", e, "retrying in 1000 ms");
        assertThat(lines).containsExactly("WARNING the settler service at http://127.0.0.1:1 unreachable: "
                + "SealReply (call 7) failed: java.io.IOException: HTTP/1.1 header parser received no bytes; "
                + "sending it again with the same call id in 250 ms");
        assertThat(log.failures()).isEqualTo(3);

        log.answered();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("INFO the settler service at http://127.0.0.1:1 answers again after 3 "
                + "failed attempts over ");
        assertThat(log.failures()).isZero();
    }

    @Test
    void aLongOutageIsWarnedOfAgainWithWhatWasNotLogged() {
        OutageLog log = new OutageLog(capture, "the settler service", Duration.ZERO);
        IOException e = new IOException("Connection refused");
        log.failed("ConfirmJob (call 3)", e, "giving up");
        log.failed("ConfirmJob (call 4)", e, "giving up");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).isEqualTo("WARNING the settler service unreachable: ConfirmJob (call 4) failed: "
                + "java.io.IOException: Connection refused; giving up");
    }
}

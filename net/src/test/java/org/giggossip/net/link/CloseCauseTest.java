package org.giggossip.net.link;

import static org.assertj.core.api.Assertions.assertThat;

import org.giggossip.net.admission.AdmissionError;
import org.junit.jupiter.api.Test;

class CloseCauseTest {

    @Test
    void theReasonsOfEveryLayerMapToTheirCause() {
        assertThat(CloseCause.of(null)).isEqualTo(CloseCause.PEER);
        assertThat(CloseCause.of("closed by the peer")).isEqualTo(CloseCause.PEER);
        assertThat(CloseCause.of("node shutting down")).isEqualTo(CloseCause.SHUTDOWN);
        assertThat(CloseCause.of("I/O: Connection reset by peer")).isEqualTo(CloseCause.IO);
        assertThat(CloseCause.of("BOLT 8 handshake failed: ACT_TWO_MAC")).isEqualTo(CloseCause.HANDSHAKE);
        assertThat(CloseCause.of("BOLT 8 read failed: LENGTH_BAD_TAG x")).isEqualTo(CloseCause.TRANSPORT);
        assertThat(CloseCause.of("admission: WRONG_ANSWER work above target")).isEqualTo(CloseCause.ADMISSION);
        assertThat(CloseCause.of("limits: 128 connections already open")).isEqualTo(CloseCause.LIMITS);
        assertThat(CloseCause.of("link: duplicate link to 0123456789ab")).isEqualTo(CloseCause.DUPLICATE);
        assertThat(CloseCause.of("link: duplicate link, replaced")).isEqualTo(CloseCause.DUPLICATE);
        assertThat(CloseCause.of("link: unknown message type 9")).isEqualTo(CloseCause.LINK);
        assertThat(CloseCause.of("protocol: too many FATAL")).isEqualTo(CloseCause.PROTOCOL);
        assertThat(CloseCause.of("protocol violation: bad frame")).isEqualTo(CloseCause.PROTOCOL);
        assertThat(CloseCause.of("discovery: silent")).isEqualTo(CloseCause.DISCOVERY);
        assertThat(CloseCause.of("service: undecodable message")).isEqualTo(CloseCause.SERVICE);
        assertThat(CloseCause.of("item: invalid item")).isEqualTo(CloseCause.ITEM);
        assertThat(CloseCause.of("key probe: malformed request")).isEqualTo(CloseCause.KEY_PROBE);
        assertThat(CloseCause.of("internal error: NPE")).isEqualTo(CloseCause.INTERNAL);
        assertThat(CloseCause.of("anything a peer \"chose\" 12345")).isEqualTo(CloseCause.OTHER);
    }

    @Test
    void anAdmissionCloseNamesItsErrorAndNothingElseDoes() {
        assertThat(CloseCause.admissionError("admission: WRONG_ANSWER work above target"))
                .contains(AdmissionError.WRONG_ANSWER);
        assertThat(CloseCause.admissionError("admission: LATE")).contains(AdmissionError.LATE);
        assertThat(CloseCause.admissionError("admission: our proof of work was not found in time")).isEmpty();
        assertThat(CloseCause.admissionError("limits: LATE")).isEmpty();
        assertThat(CloseCause.admissionError(null)).isEmpty();
    }
}

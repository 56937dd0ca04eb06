package org.giggossip.core.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.giggossip.core.validation.Penalty.Reason;
import org.giggossip.core.validation.Penalty.Severity;
import org.junit.jupiter.api.Test;

class PenaltyTest {

    @Test
    void labelsAreTheLowercaseNamesAndUnique() {
        assertThat(Reason.BAD_POW.label()).isEqualTo("bad_pow");
        assertThat(Reason.UNDECODABLE.label()).isEqualTo("undecodable");
        assertThat(Severity.FATAL.label()).isEqualTo("fatal");
        assertThat(Arrays.stream(Reason.values()).map(Reason::label))
                .doesNotHaveDuplicates()
                .allMatch(l -> l.matches("[a-z][a-z_]*"));
    }

    @Test
    void severitiesKeepTheirTolerances() {
        assertThat(Severity.MINOR.tolerance()).isEqualTo(20);
        assertThat(Severity.MAJOR.tolerance()).isEqualTo(5);
        assertThat(Severity.FATAL.tolerance()).isEqualTo(1);
    }

    @Test
    void onlyAFatalPenaltyDisconnectsAtOnce() {
        assertThat(Penalty.fatal(Reason.BAD_SIGNATURE, "x").disconnects()).isTrue();
        assertThat(Penalty.major(Reason.WEAK_POW, "x").disconnects()).isFalse();
        assertThat(Penalty.minor(Reason.STALE_TIMESTAMP, "x").disconnects()).isFalse();
    }

    @Test
    void theLogLineNamesTheReasonValueThenTheDetail() {
        assertThat(Penalty.fatal(Reason.BAD_POW, "proof-of-work does not meet the required target"))
                .hasToString("bad_pow: proof-of-work does not meet the required target");
        assertThat(new Penalty(Reason.REPLAY, Severity.MINOR, null)).hasToString("replay")
                .extracting(Penalty::detail).isEqualTo("");
    }

    @Test
    void aReasonAndASeverityAreRequired() {
        assertThatThrownBy(() -> new Penalty(null, Severity.MINOR, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Penalty(Reason.REPLAY, null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Verdict.reject(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aRejectCarriesThePenalty() {
        Verdict v = Verdict.reject(Reason.UNSOLICITED, Severity.MINOR, "no open conditions for this ask");
        assertThat(v).isEqualTo(
                new Verdict.Reject(Penalty.minor(Reason.UNSOLICITED, "no open conditions for this ask")));
        assertThat(v.isAccepted()).isFalse();
    }
}

package org.giggossip.sim.gig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parameter types and the built-in scenarios' settings. */
class SimParamsTest {

    @Test
    void everyBuiltInScenarioApplies() {
        for (Scenario s : Scenario.builtIns()) {
            SimParams p = s.apply(SimParams.defaults());
            s.settings().forEach((k, v) -> assertThat(p.get(k)).as(s.name() + " " + k).isEqualTo(v));
        }
    }

    @Test
    void aFractionWithADefaultOfZeroTakesFractions() {
        assertThat(SimParams.defaults().with("censor=0.25").real("censor")).isEqualTo(0.25);
        assertThat(SimParams.defaults().with("loss", "0.01").real("loss")).isEqualTo(0.01);
        assertThat(SimParams.defaults().with("worker_radius_km=2.5").real("worker_radius_km")).isEqualTo(2.5);
        assertThatThrownBy(() -> SimParams.defaults().with("silent=1.5"))
                .hasMessage("parameter 'silent': 1.5 is above 1");
    }

    @Test
    void typesFollowTheDefaults() {
        for (SimParams.Key k : SimParams.keys()) {
            String expected = switch (k.name()) {
                case "topology", "pow", "routes_sweep" -> "TEXT";
                case "progress", "audit" -> "FLAG";
                case "workers", "loss", "silent", "chatterbox", "spammer", "sybil", "censor", "covert", "jitter",
                        "rewire", "worker_radius_km", "hash_rate", "pow_difficulty", "crash_forwarders",
                        "settler_slow", "late_payers", "never_pay", "never_confirm", "disputers", "rule_customer",
                        "rule_worker", "silent_workers" -> "REAL";
                case "dispute_default", "network_settlement" -> "TEXT";
                case "silent_compare" -> "FLAG";
                default -> "INTEGER";
            };
            assertThat(k.type().name()).as(k.name()).isEqualTo(expected);
        }
        assertThatThrownBy(() -> SimParams.defaults().with("nodes=1.5"))
                .hasMessageContaining("parameter 'nodes': '1.5' is not valid (a number)");
        assertThatThrownBy(() -> SimParams.defaults().with("progress=yes"))
                .hasMessageContaining("'yes' is not valid (true or false)");
    }
}

package org.giggossip.sim.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.giggossip.sim.time.Scheduler;
import org.giggossip.sim.time.SimTime;
import org.junit.jupiter.api.Test;

class ChurnTest {
    @Test
    void onlineShareStaysNearTheStationaryShare() {
        // Sessions of 30 minutes on average, gaps of 10: three quarters online.
        int n = 20_000;
        Churn churn = Churn.exponential(n, 30 * SimTime.MINUTE, 10 * SimTime.MINUTE, 77);
        Scheduler s = new Scheduler();
        long[] changes = new long[1];
        churn.start(s, (node, online) -> changes[0]++);
        for (int hour = 0; hour <= 6; hour++) {
            s.runUntil(hour * SimTime.HOUR);
            assertThat(churn.onlineCount() / (double) n).isBetween(0.73, 0.77);
        }
        // A node changes state on average twice per 40 minutes: about 3 per node per hour.
        assertThat(changes[0] / (6.0 * n)).isBetween(2.9, 3.1);
    }

    @Test
    void scheduleIsFixedByTheKeyAndIndependentAcrossNodes() {
        assertThat(trace(20, 5)).isEqualTo(trace(20, 5)).isNotEqualTo(trace(20, 6));
        // Node 3's changes are the same whether there are 20 nodes or 40.
        List<String> small = trace(20, 5).stream().filter(e -> e.startsWith("3:")).toList();
        List<String> large = trace(40, 5).stream().filter(e -> e.startsWith("3:")).toList();
        assertThat(small).isNotEmpty().isEqualTo(large);
    }

    private static List<String> trace(int nodes, long key) {
        Churn churn = Churn.exponential(nodes, SimTime.MINUTE, SimTime.MINUTE, key);
        Scheduler s = new Scheduler();
        List<String> log = new ArrayList<>();
        churn.start(s, (node, online) -> log.add(node + ":" + online + "@" + s.now()));
        s.runUntil(SimTime.HOUR);
        return log;
    }

    @Test
    void noChurnKeepsEveryoneOnlineAndScriptedChangesApply() {
        Churn churn = Churn.none(4);
        assertThatThrownBy(() -> churn.scheduleChange(1, 0, false)).isInstanceOf(IllegalStateException.class);
        Scheduler s = new Scheduler();
        List<String> log = new ArrayList<>();
        churn.start(s, (node, online) -> log.add(node + ":" + online));
        assertThat(s.pending()).isZero();
        churn.scheduleChange(SimTime.seconds(5), 2, false);
        churn.scheduleChange(SimTime.seconds(9), 2, true);
        churn.scheduleChange(SimTime.seconds(9), 1, true);
        s.runUntil(SimTime.seconds(6));
        assertThat(churn.isOnline(2)).isFalse();
        assertThat(churn.onlineCount()).isEqualTo(3);
        s.runUntilIdle(10);
        assertThat(log).containsExactly("2:false", "2:true");
        assertThatThrownBy(() -> churn.start(s, (node, online) -> { })).isInstanceOf(IllegalStateException.class);
    }
}

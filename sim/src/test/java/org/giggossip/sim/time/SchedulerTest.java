package org.giggossip.sim.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    @Test
    void runsEventsInTimeOrderAndMovesTheClock() {
        Scheduler s = new Scheduler();
        List<String> log = new ArrayList<>();
        s.schedule(SimTime.millis(20), () -> log.add("b@" + s.now()));
        s.schedule(SimTime.millis(10), () -> log.add("a@" + s.now()));
        assertThat(s.runUntil(SimTime.millis(15))).isEqualTo(1);
        assertThat(s.now()).isEqualTo(SimTime.millis(15));
        assertThat(s.runUntilIdle(100)).isEqualTo(1);
        assertThat(log).containsExactly("a@10000000", "b@20000000");
        assertThat(s.now()).isEqualTo(SimTime.millis(20));
        assertThat(s.eventsProcessed()).isEqualTo(2);
    }

    @Test
    void eventsScheduledForNowRunAfterThoseAlreadyDue() {
        Scheduler s = new Scheduler();
        List<String> log = new ArrayList<>();
        s.schedule(5, () -> {
            log.add("first");
            s.scheduleAfter(0, () -> log.add("spawned"));
        });
        s.schedule(5, () -> log.add("second"));
        s.runUntilIdle(10);
        assertThat(log).containsExactly("first", "second", "spawned");
    }

    @Test
    void refusesThePast() {
        Scheduler s = new Scheduler();
        s.runUntil(100);
        assertThatThrownBy(() -> s.schedule(99, () -> {})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.scheduleAfter(-1, () -> {})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stopEndsTheRunAfterTheCurrentEvent() {
        Scheduler s = new Scheduler();
        List<Integer> log = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            s.schedule(i, () -> {
                log.add(id);
                if (id == 2) {
                    s.stop();
                }
            });
        }
        assertThat(s.runUntil(100)).isEqualTo(3);
        assertThat(s.now()).isEqualTo(2);
        assertThat(s.pending()).isEqualTo(2);
        assertThat(s.nextEventTime()).isEqualTo(3);
        assertThat(s.runUntilIdle(1)).isEqualTo(1);
        assertThat(log).containsExactly(0, 1, 2, 3);
    }

    @Test
    void slicedRunsMoveTheClockOnlyWhenDone() {
        Scheduler s = new Scheduler();
        for (int i = 0; i < 10; i++) {
            s.schedule(10, () -> {});
        }
        assertThat(s.runUntil(50, 4)).isEqualTo(4);
        assertThat(s.now()).isEqualTo(10);
        assertThat(s.runUntil(50, 100)).isEqualTo(6);
        assertThat(s.now()).isEqualTo(50);
        assertThat(s.stopped()).isFalse();
    }

    @Test
    void clockReadsEpochPlusVirtualTime() {
        Instant epoch = Instant.parse("2030-06-01T12:00:00.000000500Z");
        Scheduler s = new Scheduler(epoch);
        s.runUntil(SimTime.millis(1500) + 700);
        assertThat(s.clock().instant()).isEqualTo(Instant.parse("2030-06-01T12:00:01.500001200Z"));
        assertThat(s.clock().millis()).isEqualTo(s.clock().instant().toEpochMilli());
        assertThat(new Scheduler().clock().instant()).isEqualTo(VirtualClock.DEFAULT_EPOCH);
        assertThat(s.clock().withZone(java.time.ZoneId.of("Australia/Sydney")).instant())
            .isEqualTo(s.clock().instant());
    }

    /** A cascade of randomly timed events gives the same trace from the same seed. */
    @Test
    void sameSeedSameEventOrder() {
        assertThat(trace(42)).isEqualTo(trace(42)).isNotEqualTo(trace(43));
    }

    private static List<Long> trace(long seed) {
        Scheduler s = new Scheduler();
        SplittableRandom r = new SplittableRandom(seed);
        List<Long> log = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            spawn(s, r, log, i);
        }
        s.runUntilIdle(20_000);
        return log;
    }

    private static void spawn(Scheduler s, SplittableRandom r, List<Long> log, long id) {
        s.scheduleAfter(r.nextLong(5), () -> {
            log.add(id * 1_000_000 + s.now());
            if (log.size() < 10_000) {
                spawn(s, r, log, id);
            }
        });
    }
}

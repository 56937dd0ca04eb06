package org.giggossip.sim.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EventQueueTest {
    @Test
    void pollsByTimeThenByInsertionOrder() {
        EventQueue<String> q = new EventQueue<>(1);
        q.add(30, "c");
        q.add(10, "a1");
        q.add(20, "b");
        q.add(10, "a2");
        q.add(10, "a3");
        List<String> order = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        while (!q.isEmpty()) {
            times.add(q.peekTime());
            order.add(q.poll());
        }
        assertThat(order).containsExactly("a1", "a2", "a3", "b", "c");
        assertThat(times).containsExactly(10L, 10L, 10L, 20L, 30L);
    }

    @Test
    void sequenceNumbersCountFromZeroAndSurviveClear() {
        EventQueue<String> q = new EventQueue<>();
        assertThat(q.add(5, "x")).isZero();
        assertThat(q.add(5, "y")).isEqualTo(1);
        q.clear();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.add(5, "z")).isEqualTo(2);
    }

    @Test
    void emptyQueueRefusesToPeekOrPoll() {
        EventQueue<String> q = new EventQueue<>();
        assertThatThrownBy(q::peekTime).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(q::poll).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> q.add(1, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void millionsOfEventsComeOutSortedAndStableOnTies() {
        int n = 2_000_000;
        EventQueue<long[]> q = new EventQueue<>();
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            // Few distinct times, so most comparisons are ties.
            q.add(r.nextLong(1000), new long[] {i});
        }
        assertThat(q.size()).isEqualTo(n);
        long lastTime = Long.MIN_VALUE;
        long lastIndex = -1;
        int count = 0;
        int outOfOrder = 0;
        while (!q.isEmpty()) {
            long t = q.peekTime();
            long index = q.poll()[0];
            if (t < lastTime || (t == lastTime && index <= lastIndex)) {
                outOfOrder++;
            }
            lastTime = t;
            lastIndex = index;
            count++;
        }
        assertThat(outOfOrder).isZero();
        assertThat(count).isEqualTo(n);
    }

    private record Entry(long time, long seq) {}

    /** Interleaved adds and polls agree with java.util.PriorityQueue on (time, seq). */
    @Property(tries = 200)
    void agreesWithAReferenceQueue(@ForAll @Size(max = 300) List<@IntRange(min = -3, max = 40) Integer> ops) {
        EventQueue<Entry> q = new EventQueue<>(2);
        PriorityQueue<Entry> reference = new PriorityQueue<>(
            Comparator.comparingLong(Entry::time).thenComparingLong(Entry::seq));
        long seq = 0;
        for (int op : ops) {
            if (op < 0) {
                if (reference.isEmpty()) {
                    assertThat(q.isEmpty()).isTrue();
                } else {
                    Entry expected = reference.poll();
                    assertThat(q.peekTime()).isEqualTo(expected.time());
                    assertThat(q.poll()).isSameAs(expected);
                }
            } else {
                Entry e = new Entry(op, seq++);
                q.add(op, e);
                reference.add(e);
            }
            assertThat(q.size()).isEqualTo(reference.size());
        }
    }
}

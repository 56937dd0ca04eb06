package org.giggossip.sim.gig;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.giggossip.core.engine.Offer;
import org.giggossip.core.engine.OfferChooser;
import org.giggossip.core.wire.PayloadId;
import org.giggossip.sim.time.SimTime;

/**
 * The faults a payment chain of hold invoices must survive (seed 000, 3.7 to
 * 3.9, 4.2), injected into a run by its parameters, all off by default:
 * <ul>
 *   <li>{@code crash_forwarders}: a node that forwarded a reply crashes soon after
 *       (within {@code crash_within_s}), around the payment, for up to
 *       {@code crash_max_s}, which may outlast its invoices. Its wallet and store
 *       are durable: the host defers its timer, wallet and settler events until it
 *       is back (a phone that restarts), and the network drops its frames.</li>
 *   <li>{@code settler_slow}: a call to the settler or one of its answers takes up to
 *       {@code settler_slow_max_s} longer, which may exceed the offer window; calls
 *       may overtake each other.</li>
 *   <li>{@code late_payers}: customers that do not choose when the offer window
 *       closes but take the cheapest offer still live at a random time up to
 *       {@code late_pay_max_s} later, when the settler's end of the chain may have
 *       expired; {@code never_pay} of their jobs are never paid.</li>
 * </ul>
 * Lost frames are the network's {@code loss}; short invoice lifetimes are
 * {@code invoice_ttl_s} and {@code invoice_delta_s} (a job invoice outlives the settler's terms by
 * {@code job_invoice_margin_s}: see {@link Disputes}).
 * Each kind of fault draws from its own random stream in event order, so the
 * run's seed reproduces the plan, and {@link #plan()} describes it.
 */
final class Faults {
    /** One injected crash: node {@code node} offline from {@code down} to {@code up}, virtual nanoseconds. */
    record Crash(int node, long down, long up) {}

    private final World world;
    private final double crashShare;
    private final long crashWithin;
    private final long crashMax;
    private final double slowShare;
    private final long slowMax;
    private final long latePayMax;
    private final double neverPay;
    private final SplittableRandom crashRandom;
    private final SplittableRandom settlerRandom;
    private final SplittableRandom payRandom;
    private final long[] offlineUntil;
    /** Customers that do not choose when the offer window closes. */
    final boolean[] latePayer;
    final List<Crash> crashes = new ArrayList<>();
    private final List<String> latePays = new ArrayList<>();
    long settlerCallsDelayed;
    long settlerDelayMaxNanos;

    Faults(World world, SimParams p, int n) {
        this.world = world;
        this.crashShare = p.real("crash_forwarders");
        this.crashWithin = SimTime.seconds(p.longValue("crash_within_s"));
        this.crashMax = SimTime.seconds(p.longValue("crash_max_s"));
        this.slowShare = p.real("settler_slow");
        this.slowMax = SimTime.seconds(p.longValue("settler_slow_max_s"));
        this.latePayMax = SimTime.seconds(p.longValue("late_pay_max_s"));
        this.neverPay = p.real("never_pay");
        this.crashRandom = world.streams.stream("faults.crash");
        this.settlerRandom = world.streams.stream("faults.settler");
        this.payRandom = world.streams.stream("faults.pay");
        this.offlineUntil = new long[n];
        this.latePayer = new boolean[n];
        double late = p.real("late_payers");
        SplittableRandom draw = world.streams.stream("faults.payers");
        for (int i = 0; i < n && late > 0; i++) {
            latePayer[i] = draw.nextDouble() < late;
        }
    }

    /** Node {@code node} forwarded a reply (as replier or middleman): it may crash. */
    void forwarded(int node) {
        if (crashShare == 0 || crashRandom.nextDouble() >= crashShare) {
            return;
        }
        long now = world.scheduler.now();
        long down = now + (crashWithin == 0 ? 0 : crashRandom.nextLong(crashWithin));
        long up = down + SimTime.MILLISECOND + (crashMax == 0 ? 0 : crashRandom.nextLong(crashMax));
        crash(node, down, up);
    }

    /** Takes {@code node} offline from {@code down} to {@code up}, unless it is planned offline at {@code down}. */
    void crash(int node, long down, long up) {
        if (down < offlineUntil[node]) {
            return;
        }
        offlineUntil[node] = up;
        crashes.add(new Crash(node, down, up));
        world.churn.scheduleChange(down, node, false);
        world.churn.scheduleChange(up, node, true);
    }

    /** Extra latency of one settler call or answer, in virtual nanoseconds. */
    long settlerExtra() {
        if (slowShare == 0 || settlerRandom.nextDouble() >= slowShare) {
            return 0;
        }
        long extra = slowMax == 0 ? 0 : settlerRandom.nextLong(slowMax);
        settlerCallsDelayed++;
        settlerDelayMaxNanos = Math.max(settlerDelayMaxNanos, extra);
        return extra;
    }

    /** A late payer posted {@code job}: pays the cheapest live offer later, or never. */
    void posted(int customer, PayloadId job) {
        if (!latePayer[customer]) {
            return;
        }
        if (payRandom.nextDouble() < neverPay) {
            latePays.add("customer " + customer + " never pays job " + job);
            return;
        }
        long at = world.scheduler.now() + SimTime.seconds(world.params.longValue("offer_window_s"))
                + (latePayMax == 0 ? 0 : payRandom.nextLong(latePayMax));
        latePays.add("customer " + customer + " pays job " + job + " at " + seconds(at));
        world.at(at, customer, () -> {
            List<Offer> live = world.engines[customer].offers(job).stream()
                    .filter(o -> o.expiresAt().isAfter(world.scheduler.clock().instant())).toList();
            OfferChooser.CHEAPEST.choose(live).ifPresent(o -> world.engines[customer].acceptOffer(job, o.number()));
        });
    }

    /** Late payments planned (paid or never paid). */
    int latePayments() {
        return latePays.size();
    }

    /** Whether {@code node} was offline from {@code from} to {@code to} by one injected crash. */
    boolean offlineThroughout(int node, long from, long to) {
        for (Crash c : crashes) {
            if (c.node == node && c.down <= from && c.up >= to) {
                return true;
            }
        }
        return false;
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f s", SimTime.toSeconds(nanos));
    }

    /** The faults of this run, enough to reproduce and read it. */
    String plan() {
        StringBuilder b = new StringBuilder();
        b.append("crashes (").append(crashes.size()).append("):");
        for (Crash c : crashes) {
            b.append("\n  node ").append(c.node).append(" offline ").append(seconds(c.down)).append(" .. ")
                    .append(seconds(c.up));
        }
        b.append("\nsettler calls delayed: ").append(settlerCallsDelayed).append(", longest extra ")
                .append(seconds(settlerDelayMaxNanos));
        b.append("\nlate payments (").append(latePays.size()).append("):");
        latePays.forEach(s -> b.append("\n  ").append(s));
        return b.toString();
    }
}

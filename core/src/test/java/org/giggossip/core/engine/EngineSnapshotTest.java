package org.giggossip.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.giggossip.core.engine.HandNetwork.Node;
import org.giggossip.core.engine.proto.CustomerJob;
import org.giggossip.core.engine.proto.EngineState;
import org.giggossip.core.engine.proto.RouterHop;
import org.giggossip.core.engine.proto.WorkerInvoice;
import org.giggossip.core.testing.TestRandom;
import org.giggossip.core.wire.DecodeError;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.WireLimits;
import org.junit.jupiter.api.Test;

/**
 * {@link EngineSnapshot}: its encoding ({@code engine_state.proto}), round trips
 * of the snapshots of every node at every step of a job, and bytes from a
 * corrupted or hostile store, which decode to a reason and never throw.
 */
class EngineSnapshotTest {

    @Test
    void theEmptyStateIsFourBytes() {
        // 08 01: field 1 (version), varint 1; 10 01: field 2 (next_id), varint 1
        assertThat(HexFormat.of().formatHex(EngineSnapshot.empty().encode())).isEqualTo("08011001");
        assertThat(EngineSnapshot.decode(HexFormat.of().parseHex("08011001")).orElseThrow())
                .isEqualTo(EngineSnapshot.empty());
        assertThat(EngineSnapshot.empty().hops() + EngineSnapshot.empty().jobs() + EngineSnapshot.empty()
                .jobInvoices()).isZero();
    }

    /** A restored engine's durable state is the snapshot's (its id counter moves on: it issues requests again). */
    static void assertRoundTrip(HandNetwork net, Node n, EngineSnapshot s) {
        byte[] bytes = s.encode();
        EngineSnapshot decoded = EngineSnapshot.decode(bytes).orElseThrow();
        assertThat(decoded).as(n.name).isEqualTo(s);
        assertThat(decoded.encode()).isEqualTo(bytes);
        List<Output> outputs = new ArrayList<>();
        Engine restored = Engine.restore(n.config, n.identity, net.clock, TestRandom.seeded(1), net.validator,
                outputs::add, decoded);
        EngineSnapshot again = restored.snapshot();
        assertThat(again.nextId()).isGreaterThanOrEqualTo(s.nextId());
        assertThat(again.state().toBuilder().setNextId(1).build()).as(n.name)
                .isEqualTo(s.state().toBuilder().setNextId(1).build());
    }

    @Test
    void everySnapshotOfEveryNodeDuringAJobRoundTrips() {
        var t = new EngineDurabilityTest();
        t.collectAndCloseTheOfferWindow();
        HandNetwork net = t.net;
        Set<RouterHop.State> hopStates = EnumSet.noneOf(RouterHop.State.class);
        Set<CustomerJob.State> jobStates = EnumSet.noneOf(CustomerJob.State.class);
        Set<WorkerInvoice.State> invoiceStates = EnumSet.noneOf(WorkerInvoice.State.class);
        Set<EngineSnapshot> seen = new HashSet<>();
        Runnable check = () -> {
            for (Node n : List.of(t.c, t.m1, t.m2, t.w)) {
                EngineSnapshot s = n.engine.snapshot();
                if (seen.add(s)) {
                    assertRoundTrip(net, n, s);
                    s.state().getHopsList().forEach(h -> hopStates.add(h.getState()));
                    s.state().getJobsList().forEach(j -> jobStates.add(j.getState()));
                    s.state().getJobInvoicesList().forEach(i -> invoiceStates.add(i.getState()));
                }
            }
        };
        check.run();
        while (net.step()) {
            check.run();
        }
        for (int i = 0; i < 90; i++) { // a minute at a time, one delivery at a time: every state is seen
            net.tick(java.time.Duration.ofMinutes(1));
            while (net.step()) {
                check.run();
            }
        }
        t.assertEveryonePaidInFull();
        assertThat(seen).hasSizeGreaterThan(15);
        assertThat(hopStates).containsExactlyInAnyOrder(RouterHop.State.OPEN, RouterHop.State.PAYING,
                RouterHop.State.SETTLING);
        assertThat(jobStates).contains(CustomerJob.State.PAYING, CustomerJob.State.PAID, CustomerJob.State.OPENED);
        assertThat(invoiceStates).contains(WorkerInvoice.State.OPEN, WorkerInvoice.State.ACCEPTED,
                WorkerInvoice.State.SETTLING);
    }

    // ---- hostile bytes ----

    /** A snapshot with a hop, a job invoice and a job: C, M1 and W mid-payment, merged into one state. */
    static EngineState rich() {
        var t = new EngineDurabilityTest();
        t.collectAndCloseTheOfferWindow();
        t.stepUntil(() -> !t.c.events(AppEvent.JobPaid.class).isEmpty());
        EngineState.Builder b = t.c.engine.snapshot().state().toBuilder();
        b.addAllHops(t.m1.engine.snapshot().state().getHopsList());
        b.addAllJobInvoices(t.w.engine.snapshot().state().getJobInvoicesList());
        b.setNextId(100);
        EngineState s = b.build();
        assertThat(s.getHopsCount()).isEqualTo(1);
        assertThat(s.getJobInvoicesCount()).isEqualTo(1);
        assertThat(s.getJobsCount()).isEqualTo(1);
        return s;
    }

    static DecodeError.Reason reason(EngineState s) {
        Decoded<EngineSnapshot> d = EngineSnapshot.decode(s.toByteArray());
        assertThat(d.isOk()).as("should be refused: " + s).isFalse();
        return d.errorIfAny().orElseThrow().reason();
    }

    static EngineState hop(EngineState s, UnaryOperator<RouterHop.Builder> change) {
        return s.toBuilder().setHops(0, change.apply(s.getHops(0).toBuilder())).build();
    }

    static EngineState job(EngineState s, UnaryOperator<CustomerJob.Builder> change) {
        return s.toBuilder().setJobs(0, change.apply(s.getJobs(0).toBuilder())).build();
    }

    static EngineState invoice(EngineState s, UnaryOperator<WorkerInvoice.Builder> change) {
        return s.toBuilder().setJobInvoices(0, change.apply(s.getJobInvoices(0).toBuilder())).build();
    }

    @Test
    void eachBadFieldIsRefusedWithItsReason() {
        EngineState s = rich();
        assertThat(EngineSnapshot.decode(s.toByteArray()).isOk()).isTrue();
        ByteString offCurve = ByteString.copyFrom(HexFormat.of().parseHex("ff".repeat(32)));
        ByteString thirtyOne = ByteString.copyFrom(new byte[31]);

        assertThat(EngineSnapshot.decode(null).errorIfAny().orElseThrow().reason())
                .isEqualTo(DecodeError.Reason.MISSING_FIELD);
        assertThat(EngineSnapshot.decode(new byte[EngineSnapshot.MAX_BYTES + 1]).errorIfAny().orElseThrow().reason())
                .isEqualTo(DecodeError.Reason.TOO_LARGE);
        assertThat(EngineSnapshot.decode(new byte[] {(byte) 0x80}).errorIfAny().orElseThrow().reason())
                .isEqualTo(DecodeError.Reason.MALFORMED);
        assertThat(EngineSnapshot.decode(new byte[0]).errorIfAny().orElseThrow().reason())
                .as("version 0").isEqualTo(DecodeError.Reason.UNSUPPORTED_VERSION);
        assertThat(reason(s.toBuilder().setVersion(2).build())).isEqualTo(DecodeError.Reason.UNSUPPORTED_VERSION);
        assertThat(reason(s.toBuilder().setNextId(0).build())).isEqualTo(DecodeError.Reason.OUT_OF_RANGE);
        assertThat(reason(s.toBuilder().setNextId(-1).build())).isEqualTo(DecodeError.Reason.OUT_OF_RANGE);

        assertThat(reason(hop(s, h -> h.setSettler(offCurve)))).isEqualTo(DecodeError.Reason.INVALID_VALUE);
        assertThat(reason(hop(s, h -> h.setSettler(thirtyOne)))).isEqualTo(DecodeError.Reason.BAD_LENGTH);
        assertThat(reason(hop(s, h -> h.setDownstream(h.getDownstream().toBuilder().setPaymentHash(thirtyOne)))))
                .isEqualTo(DecodeError.Reason.BAD_LENGTH);
        assertThat(reason(hop(s, h -> h.setDownstream(h.getDownstream().toBuilder()
                .setAmountMsat(WireLimits.MAX_MSAT + 1))))).isEqualTo(DecodeError.Reason.OUT_OF_RANGE);
        assertThat(reason(hop(s, h -> h.setDownstream(h.getDownstream().toBuilder().setAmountMsat(0)))))
                .isEqualTo(DecodeError.Reason.OUT_OF_RANGE);
        assertThat(reason(hop(s, h -> h.setDownstream(h.getDownstream().toBuilder()
                .setBolt11("x".repeat(WireLimits.MAX_INVOICE_BYTES + 1)))))).isEqualTo(DecodeError.Reason.BAD_LENGTH);
        assertThat(reason(hop(s, RouterHop.Builder::clearDownstream))).isEqualTo(DecodeError.Reason.MISSING_FIELD);
        assertThat(reason(hop(s, h -> h.setExpiresAt(-1)))).isEqualTo(DecodeError.Reason.OUT_OF_RANGE);
        assertThat(reason(hop(s, h -> h.setStateValue(9)))).isEqualTo(DecodeError.Reason.INVALID_VALUE);
        assertThat(reason(hop(s, h -> h.setState(RouterHop.State.SETTLING)))).as("settling without a preimage")
                .isEqualTo(DecodeError.Reason.BAD_LENGTH);
        assertThat(reason(hop(s, h -> h.setState(RouterHop.State.SETTLING).setPayCallId(0)
                .setPreimage(ByteString.copyFrom(new byte[32]))))).as("a preimage of another hash")
                .isEqualTo(DecodeError.Reason.INVALID_VALUE);
        assertThat(reason(hop(s, h -> h.setPayCallId(100)))).as("an id not yet handed out")
                .isEqualTo(DecodeError.Reason.INVALID_VALUE);
        assertThat(reason(s.toBuilder().addHops(s.getHops(0)).build())).isEqualTo(DecodeError.Reason.NOT_CANONICAL);

        assertThat(reason(invoice(s, i -> i.setPaymentHash(thirtyOne)))).isEqualTo(DecodeError.Reason.BAD_LENGTH);
        assertThat(reason(invoice(s, i -> i.setStateValue(0)))).isEqualTo(DecodeError.Reason.INVALID_VALUE);
        assertThat(reason(invoice(s, i -> i.setPreimage(ByteString.copyFrom(new byte[32])))))
                .as("a preimage in a state without one").isEqualTo(DecodeError.Reason.INVALID_VALUE);
        assertThat(s.getJobInvoices(0).getPayloadId().size()).as("the topic answered is kept").isEqualTo(16);
        assertThat(reason(invoice(s, i -> i.setPayloadId(ByteString.copyFrom(new byte[15])))))
                .isEqualTo(DecodeError.Reason.BAD_LENGTH);
        assertThat(EngineSnapshot.decode(invoice(s, i -> i.clearPayloadId()).toByteArray()).isOk())
                .as("a snapshot from before the topic was kept").isTrue();

        assertThat(reason(job(s, j -> j.setRequest(ByteString.copyFromUtf8("not a request")))))
                .isEqualTo(DecodeError.Reason.MALFORMED);
        assertThat(reason(job(s, j -> j.setOfferNumber(0)))).isEqualTo(DecodeError.Reason.OUT_OF_RANGE);
        assertThat(reason(job(s, j -> j.setEncryptedReplyPayload(ByteString.EMPTY))))
                .isEqualTo(DecodeError.Reason.BAD_LENGTH);
        assertThat(reason(job(s, CustomerJob.Builder::clearJobInvoice))).isEqualTo(DecodeError.Reason.MISSING_FIELD);
        assertThat(reason(job(s, j -> j.setNetworkPending(false).setJobPending(false))))
                .isEqualTo(DecodeError.Reason.INVALID_VALUE);
        assertThat(reason(job(s, j -> j.setState(CustomerJob.State.OPENED)))).as("opened without a worker")
                .isEqualTo(DecodeError.Reason.BAD_LENGTH);
        assertThat(reason(job(s, j -> j.setMessage(ByteString.copyFromUtf8("hi"))))).as("a reply not opened")
                .isEqualTo(DecodeError.Reason.INVALID_VALUE);
        assertThat(reason(job(s, j -> j.setJobPayCallId(0)))).isEqualTo(DecodeError.Reason.INVALID_VALUE);
        assertThat(reason(job(s, j -> j.setJobInvoice(j.getNetworkInvoice())))).as("one payment hash twice")
                .isEqualTo(DecodeError.Reason.NOT_CANONICAL);
    }

    /**
     * Every truncation and every one-byte change of a real snapshot, and random
     * bytes: decoding never throws, and whatever it accepts an engine restores
     * from without throwing and snapshots again to the same durable state.
     */
    /**
     * A field this build does not know is refused, not dropped: restored without it, a state a newer
     * build wrote would forget what the field held. (The corruption test met one: a flipped byte made
     * a job carry field 1589, which the restored engine lost.)
     */
    @Test
    void aStateWithAFieldThisBuildDoesNotKnowIsRefused() {
        var t = new EngineDurabilityTest();
        t.collectAndCloseTheOfferWindow();
        byte[] good = t.c.engine.snapshot().encode();
        byte[] withUnknown = java.util.Arrays.copyOf(good, good.length + 3);
        // field 1589, varint 1: tag (1589 << 3 | 0) = 12712 = 0xA8 0x63
        withUnknown[good.length] = (byte) 0xA8;
        withUnknown[good.length + 1] = 0x63;
        withUnknown[good.length + 2] = 0x01;
        Decoded<EngineSnapshot> d = EngineSnapshot.decode(withUnknown);
        assertThat(d).isInstanceOf(Decoded.Err.class);
        assertThat(d.errorIfAny().orElseThrow().detail()).contains("unknown field").contains("1589");
        assertThat(EngineSnapshot.decode(good)).isInstanceOf(Decoded.Ok.class);
    }

    @Test
    void corruptedAndRandomBytesNeverThrowAndWhatIsAcceptedRestores() {
        var t = new EngineDurabilityTest();
        t.collectAndCloseTheOfferWindow();
        t.stepUntil(() -> !t.c.events(AppEvent.JobPaid.class).isEmpty());
        byte[] good = t.c.engine.snapshot().encode();
        SecureRandom r = TestRandom.seeded(3);
        List<byte[]> inputs = new ArrayList<>();
        for (int len = 0; len < good.length; len++) {
            inputs.add(java.util.Arrays.copyOf(good, len));
        }
        for (int i = 0; i < good.length; i++) {
            byte[] b = good.clone();
            b[i] ^= (byte) (1 + r.nextInt(255));
            inputs.add(b);
        }
        for (int i = 0; i < 2_000; i++) {
            byte[] b = new byte[r.nextInt(200)];
            r.nextBytes(b);
            inputs.add(b);
        }
        int accepted = 0;
        for (byte[] b : inputs) {
            Decoded<EngineSnapshot> d = EngineSnapshot.decode(b);
            if (d instanceof Decoded.Ok<EngineSnapshot> ok) {
                accepted++;
                assertRoundTrip(t.net, t.c, ok.value());
            } else {
                assertThat(d.errorIfAny().orElseThrow().detail()).isNotBlank();
            }
        }
        assertThat(accepted).as("some changes (in a string, a time, an amount) stay well-formed").isPositive();
        assertThat(accepted).isLessThan(inputs.size() / 2);
    }
}

package org.giggossip.net.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.crypto.CompressedKeys;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.net.admission.Admission;
import org.giggossip.net.admission.AdmissionOutput;
import org.giggossip.net.admission.AdmissionPayload.Role;
import org.giggossip.net.admission.AdmissionPolicy;

/**
 * Drives an {@link Admission} after the BOLT 8 handshake (seed 003, section 2.3).
 * It sits after the session's frame codec. On {@link HandshakeCompleted} it sends
 * our challenge and arms the deadline timer; until both answers are good, every
 * frame goes to the admission and none reaches the application; solving runs on
 * the {@link AdmissionSolver}, and its result comes back to the event loop. When
 * admitted it fires {@link PeerAdmitted} and then passes frames through; a
 * failure fires {@link ConnectionClosed} with the reason and closes.
 *
 * <p>All state is owned by the channel's event loop.
 */
public final class AdmissionHandler extends ChannelDuplexHandler {
    private final Role role;
    private final PublicKey self;
    private final AdmissionPolicy policy;
    private final SecureRandom random;
    private final InstantSource clock;
    private final AdmissionSolver solver;
    private Admission admission;
    private PublicKey peer;
    private ScheduledFuture<?> timer;
    private CompletableFuture<OptionalLong> solving;
    private boolean admitted;

    public AdmissionHandler(Role role, PublicKey self, AdmissionPolicy policy, SecureRandom random,
                            InstantSource clock, AdmissionSolver solver) {
        this.role = role;
        this.self = self;
        this.policy = policy;
        this.random = random;
        this.clock = clock;
        this.solver = solver;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof HandshakeCompleted done)) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        byte[] remote = done.remoteStatic();
        var id = CompressedKeys.xOnly(remote);
        if (remote[0] != 0x02 || id.isEmpty()) {
            Futures.closeWith(ctx, "admission: the peer's static key is not an identity's even-Y point");
            return;
        }
        peer = id.get();
        admission = Admission.of(role, self, peer, policy, random, clock.instant());
        long delay = Duration.between(clock.instant(), admission.deadline()).toNanos() + 1;
        timer = ctx.executor().schedule(() -> apply(ctx, admission.tick(clock.instant())), delay,
            TimeUnit.NANOSECONDS);
        apply(ctx, admission.start());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (admitted) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (admission == null || !(msg instanceof ByteBuf buf)) {
                Futures.closeWith(ctx, "admission: a frame before the handshake ended");
                return;
            }
            apply(ctx, admission.receive(ByteBufUtil.getBytes(buf), clock.instant()));
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Futures.onException(ctx, cause);
    }

    private void apply(ChannelHandlerContext ctx, List<AdmissionOutput> outputs) {
        for (AdmissionOutput o : outputs) {
            switch (o) {
                case AdmissionOutput.Send send ->
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(send.frame())).addListener(Futures.CLOSE_ON_FAILURE);
                case AdmissionOutput.Solve solve -> {
                    solving = solver.solve(solve.payload(), solve.target(), admission.deadline());
                    solving.whenComplete((nonce, error) -> ctx.executor().execute(() -> onSolved(ctx, nonce, error)));
                }
                case AdmissionOutput.Admitted ignored -> {
                    admitted = true;
                    stop();
                    ctx.fireUserEventTriggered(new PeerAdmitted(peer));
                }
                case AdmissionOutput.Closed closed -> {
                    stop();
                    Futures.closeWith(ctx, "admission: " + closed.error() + " " + closed.detail());
                }
            }
        }
    }

    private void onSolved(ChannelHandlerContext ctx, OptionalLong nonce, Throwable error) {
        if (!ctx.channel().isActive() || admitted) {
            return;
        }
        if (error != null || nonce.isEmpty()) {
            stop();
            Futures.closeWith(ctx, "admission: our proof of work was not found in time"
                + (error == null ? "" : ": " + error));
            return;
        }
        apply(ctx, admission.solved(nonce.getAsLong(), clock.instant()));
    }

    private void stop() {
        if (timer != null) {
            timer.cancel(false);
        }
        if (solving != null && !solving.isDone()) {
            solving.cancel(true);
        }
    }
}

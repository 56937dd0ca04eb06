package org.giggossip.net.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** docs/protocol.md §1, "Hostile peers": a shared cap on connections, in total and per IP, released on close. */
class ConnectionLimitHandlerTest {
    private final ConnectionLimiter limiter = new ConnectionLimiter(3, 2);

    /** Records whether a later handler saw the connection become active. */
    static final class Active extends ChannelInboundHandlerAdapter {
        boolean seen;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            seen = true;
        }
    }

    private EmbeddedChannel connect(String ip, int port, Bolt8HandlersTest.Events ev, Active active)
        throws Exception {
        return Peers.from(ip, port, new ConnectionLimitHandler(limiter), ev, active);
    }

    @Test
    void connectionsUnderTheCapAreServed() throws Exception {
        var ev = new Bolt8HandlersTest.Events();
        Active active = new Active();
        EmbeddedChannel ch = connect("10.0.0.1", 1000, ev, active);
        assertThat(ch.isOpen()).isTrue();
        assertThat(active.seen).isTrue();
        assertThat(limiter.total()).isEqualTo(1);
        assertThat(ev.events).isEmpty();
    }

    @Test
    void aThirdConnectionFromOneIpIsClosedAtOnceAndOthersKeepServing() throws Exception {
        var ev = new Bolt8HandlersTest.Events();
        Active active = new Active();
        EmbeddedChannel a = connect("10.0.0.1", 1000, new Bolt8HandlersTest.Events(), new Active());
        EmbeddedChannel b = connect("10.0.0.1", 1001, new Bolt8HandlersTest.Events(), new Active());
        EmbeddedChannel excess = connect("10.0.0.1", 1002, ev, active);
        assertThat(excess.isOpen()).isFalse();
        assertThat(active.seen).as("no handshake work for an excess connection").isFalse();
        assertThat(ev.closed().reason()).isEqualTo("limits: 2 connections already open from 10.0.0.1");
        assertThat(a.isOpen() && b.isOpen()).isTrue();
        assertThat(limiter.from(new InetSocketAddress("10.0.0.1", 1))).isEqualTo(2);

        EmbeddedChannel otherIp = connect("10.0.0.2", 1000, new Bolt8HandlersTest.Events(), new Active());
        assertThat(otherIp.isOpen()).isTrue();
    }

    @Test
    void theTotalCapHolds() throws Exception {
        connect("10.0.0.1", 1, new Bolt8HandlersTest.Events(), new Active());
        connect("10.0.0.2", 1, new Bolt8HandlersTest.Events(), new Active());
        connect("10.0.0.3", 1, new Bolt8HandlersTest.Events(), new Active());
        var ev = new Bolt8HandlersTest.Events();
        EmbeddedChannel fourth = connect("10.0.0.4", 1, ev, new Active());
        assertThat(fourth.isOpen()).isFalse();
        assertThat(ev.closed().reason()).isEqualTo("limits: 3 connections already open");
        assertThat(limiter.total()).isEqualTo(3);
    }

    @Test
    void closingReleasesTheSlotAndARefusedConnectionReleasesNothing() throws Exception {
        EmbeddedChannel a = connect("10.0.0.1", 1000, new Bolt8HandlersTest.Events(), new Active());
        EmbeddedChannel b = connect("10.0.0.1", 1001, new Bolt8HandlersTest.Events(), new Active());
        EmbeddedChannel refused = connect("10.0.0.1", 1002, new Bolt8HandlersTest.Events(), new Active());
        assertThat(refused.isOpen()).isFalse();
        assertThat(limiter.total()).isEqualTo(2);
        a.close();
        assertThat(limiter.total()).isEqualTo(1);
        EmbeddedChannel again = connect("10.0.0.1", 1003, new Bolt8HandlersTest.Events(), new Active());
        assertThat(again.isOpen()).isTrue();
        b.close();
        again.close();
        assertThat(limiter.total()).isZero();
        assertThat(limiter.from(new InetSocketAddress("10.0.0.1", 1))).isZero();
    }
}

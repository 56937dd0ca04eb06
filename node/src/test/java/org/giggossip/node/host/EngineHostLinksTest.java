package org.giggossip.node.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.giggossip.core.cert.CertificateAuthority;
import org.giggossip.core.cert.CertificateValidator;
import org.giggossip.core.cert.TrustStore;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.engine.EngineConfig;
import org.giggossip.core.engine.NodeIdentity;
import org.giggossip.core.pow.PowSolver;
import org.giggossip.core.wire.Certificate;
import org.giggossip.core.wire.Signer;
import org.giggossip.net.discovery.DiscoveryCodec;
import org.giggossip.net.discovery.DiscoveryMessage;
import org.giggossip.net.link.LinkConfig;
import org.giggossip.net.link.LinkListener;
import org.giggossip.net.link.Links;
import org.giggossip.net.link.MessageType;
import org.giggossip.net.netty.AdmissionSolver;
import org.junit.jupiter.api.Test;

/** What a host does with a message type it has no handler for. */
class EngineHostLinksTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Payments NO_PAYMENTS = new Payments() {
        @Override
        public void wallet(org.giggossip.core.payment.WalletRequest request) {}

        @Override
        public void send(PublicKey settler, org.giggossip.core.settler.SettlerRequest request) {}

        @Override
        public long[] balance() {
            return new long[] {0, 0};
        }
    };

    /**
     * A node starts listening a moment before its discovery is registered: a peer's discovery
     * message in that moment is dropped, not blamed. The network soak saw a link closed for it
     * ("link: DISCOVERY messages are not served here"). A type the node never serves still closes
     * the link: sent after the DISCOVERY message on the same link, it is the close's reason.
     */
    @Test
    void aDiscoveryMessageBeforeDiscoveryIsUpIsDroppedAndAnUnservedTypeStillCloses() throws Exception {
        PowSolver pow = new PowSolver(1, Clock.systemUTC());
        PrivateKey key = PrivateKey.generate(RANDOM);
        Signer signer = Signer.of(key, RANDOM);
        Instant now = Instant.now();
        Certificate self = new CertificateAuthority(signer, "gg://self/").selfCertificate(1, Map.of(), now,
                now.plus(Duration.ofDays(1)));
        BlockingQueue<String> closes = new LinkedBlockingQueue<>();
        try (EngineHost host = EngineHost.builder("host", new NodeIdentity(key, signer, self))
                .config(EngineConfig.builder().build())
                .validator(new CertificateValidator(new TrustStore(Set.of()), Clock.systemUTC()))
                .clock(Clock.systemUTC()).random(RANDOM).links(LinkConfig.defaults()).pow(pow)
                .payments((wallet, settler) -> NO_PAYMENTS).build();
             Links peer = Links.builder(PrivateKey.generate(RANDOM), LinkListener.NONE)
                     .solver(AdmissionSolver.of(new PowSolver(1, InstantSource.system()))).build()) {
            host.addListener(new HostListener() {
                @Override
                public void trace(PublicKey node, Instant at, HostTrace trace) {
                    if (trace instanceof HostTrace.Link l && !l.up()) {
                        closes.add(l.detail());
                    }
                }
            });
            InetSocketAddress at = host.listen(new InetSocketAddress("127.0.0.1", 0));
            peer.connect(key.publicKey(), at).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(peer.send(key.publicKey(), MessageType.DISCOVERY,
                    DiscoveryCodec.encode(new DiscoveryMessage.GetPeer()))).isTrue();
            assertThat(peer.send(key.publicKey(), MessageType.ITEM, new byte[] {1})).isTrue();
            String reason = closes.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(reason).as("the host's reason for closing the link").isNotNull().contains("ITEM")
                    .doesNotContain("DISCOVERY");
        }
    }
}

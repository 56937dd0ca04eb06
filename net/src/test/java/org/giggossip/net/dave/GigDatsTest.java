package org.giggossip.net.dave;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.Sha256;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.wire.CertificateId;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.RevocationList;
import org.giggossip.core.wire.RevocationListBody;
import org.giggossip.core.wire.Signer;
import org.junit.jupiter.api.Test;

/** The two DAT layouts of {@link GigDats}: built, mined, opened; forged and mismatching ones refused. */
class GigDatsTest {
    private static final SecureRandom R = new SecureRandom();
    private static final Instant T = Instant.parse("2026-11-22T00:00:00Z");

    static RevocationList list(PrivateKey authority, long version, int revoked) {
        List<CertificateId> ids = new ArrayList<>();
        for (int i = 0; i < revoked; i++) {
            ids.add(CertificateId.of(Sha256.hash(new byte[] {(byte) i, (byte) (i >> 8)})));
        }
        return RevocationList.sign(RevocationListBody.of(authority.publicKey(), version, T, ids),
                Signer.of(authority, R));
    }

    /** {@code m} with its fields replaced and the work redone, as a forger who mines would send it. */
    static DaveMsg remined(byte[] prev, byte[] val, byte[] tag) {
        return DaveWork.dat(DaveWork.solve(prev, val, tag, 0, R));
    }

    @Test
    void aPreimageDatHasTheLayoutAndOpensOnlyForItsHash() {
        Preimage p = Preimage.generate(R);
        Hash32 h = p.paymentHash();
        DaveMsg dat = DaveWork.dat(GigDats.preimage(p, 1, R));
        assertThat(new String(dat.tag(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("gg/preimage/1");
        assertThat(dat.prev()).isEqualTo(h.bytes()).isEqualTo(GigDats.preimageKey(h));
        assertThat(dat.val()).isEqualTo(p.bytes());
        assertThat(DaveWork.check(dat)).isGreaterThanOrEqualTo(1);
        assertThat(GigDats.openPreimage(dat, h)).contains(p);
        // another hash, a value that does not hash to H, another tag, a broken work: refused
        Preimage other = Preimage.generate(R);
        assertThat(GigDats.openPreimage(dat, other.paymentHash())).isEmpty();
        assertThat(GigDats.openPreimage(remined(h.bytes(), other.bytes(), dat.tag()), h)).isEmpty();
        assertThat(GigDats.openPreimage(remined(h.bytes(), p.bytes(), "gg/preimage/2".getBytes()), h)).isEmpty();
        assertThat(GigDats.openPreimage(remined(h.bytes(), new byte[31], dat.tag()), h)).isEmpty();
        byte[] work = dat.work();
        work[31] ^= 1;
        assertThat(GigDats.openPreimage(new DaveMsg(DaveMsg.Op.DAT, List.of(), dat.prev(), work, dat.nonce(),
                dat.val(), dat.tag()), h)).isEmpty();
    }

    @Test
    void aRevocationListDatVerifiesAgainstItsAuthorityAndTheNewestWins() {
        PrivateKey authority = PrivateKey.generate(R);
        PrivateKey stranger = PrivateKey.generate(R);
        RevocationList v1 = list(authority, 1, 3);
        RevocationList v2 = list(authority, 2, 4);
        DaveMsg d1 = DaveWork.dat(GigDats.revocations(v1, 1, R).orElseThrow());
        DaveMsg d2 = DaveWork.dat(GigDats.revocations(v2, 1, R).orElseThrow());
        assertThat(new String(d1.tag(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("gg/revocations/1");
        assertThat(d1.prev()).isEqualTo(Sha256.hash("gg/revocations/1".getBytes(), authority.publicKey().bytes()))
                .isEqualTo(GigDats.revocationsKey(authority.publicKey()));
        assertThat(d1.val()).isEqualTo(v1.encode());
        assertThat(GigDats.openRevocations(d1, authority.publicKey())).contains(v1);
        assertThat(GigDats.newestRevocations(List.of(d2, d1), authority.publicKey())).contains(v2);
        assertThat(GigDats.newestRevocations(List.of(d1, d2), authority.publicKey())).contains(v2);
        // under another authority's key
        assertThat(GigDats.openRevocations(d1, stranger.publicKey())).isEmpty();
        // a stranger's own list mined under our authority's prev: names the wrong authority
        RevocationList foreign = list(stranger, 9, 1);
        DaveMsg f = remined(d1.prev(), foreign.encode(), d1.tag());
        assertThat(GigDats.openRevocations(f, authority.publicKey())).isEmpty();
        // a forged signature: the body of a higher version under v2's signature
        byte[] forgedVal = v2.encode();
        forgedVal[forgedVal.length - 1] ^= 1; // the signature is the last field
        DaveMsg forged = remined(d1.prev(), forgedVal, d1.tag());
        assertThat(GigDats.openRevocations(forged, authority.publicKey())).isEmpty();
        assertThat(GigDats.newestRevocations(List.of(d1, forged, f), authority.publicKey())).contains(v1);
        // not a list at all
        assertThat(GigDats.openRevocations(remined(d1.prev(), new byte[] {1, 2, 3}, d1.tag()),
                authority.publicKey())).isEmpty();
        assertThat(GigDats.newestRevocations(List.of(), authority.publicKey())).isEmpty();
    }

    @Test
    void aListOfMaxRevokedInDatFitsAndOneMoreIsSkipped() {
        PrivateKey authority = PrivateKey.generate(R);
        // the largest version and time of a realistic list: the encoding is at its longest
        RevocationList fits = RevocationList.sign(RevocationListBody.of(authority.publicKey(), -1L,
                Instant.parse("2999-12-31T23:59:59.999Z"), list(authority, 1, GigDats.MAX_REVOKED_IN_DAT)
                        .body().revoked()), Signer.of(authority, R));
        assertThat(fits.encode().length).isLessThanOrEqualTo(DaveConfig.VAL_SIZE);
        assertThat(GigDats.revocations(fits, 0, R)).isPresent();
        RevocationList tooBig = list(authority, 1, GigDats.MAX_REVOKED_IN_DAT + 1);
        assertThat(tooBig.encode().length).isGreaterThan(DaveConfig.VAL_SIZE);
        assertThat(GigDats.revocations(tooBig, 0, R)).isEmpty();
    }
}

package org.giggossip.net.dave;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Optional;
import org.giggossip.core.cert.SignatureChecks;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.crypto.Sha256;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.wire.Decoded;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.RevocationList;

/**
 * The two kinds of DAT a settler publishes on Dave so that nodes can still get
 * them while its HTTP endpoint does not answer (docs/dave.md, "Preimages and
 * revocation lists on Dave"). Each is found by its {@code prev}, with our
 * lookup-by-prev extension ({@link DaveNode#getByPrev}), since the work depends
 * on a random nonce.
 *
 * <table>
 * <caption>Layouts</caption>
 * <tr><th>DAT</th><th>tag (ASCII)</th><th>prev (32 bytes)</th><th>val</th></tr>
 * <tr><td>revealed preimage</td><td>{@code gg/preimage/1}</td><td>the payment hash H</td>
 *     <td>the 32-byte preimage P; it proves itself (SHA256(P) == H), so it needs no signature</td></tr>
 * <tr><td>revocation list</td><td>{@code gg/revocations/1}</td>
 *     <td>SHA256({@code "gg/revocations/1"} || the authority's 32-byte x-only key)</td>
 *     <td>the signed {@link RevocationList} in its wire encoding; at most
 *     {@link DaveConfig#VAL_SIZE} bytes, so at most {@value #MAX_REVOKED_IN_DAT} revoked ids</td></tr>
 * </table>
 *
 * <p>Anyone can mine a DAT with any prev and tag, so a reader never trusts one: a
 * preimage counts only if it hashes to H, a revocation list only if it decodes,
 * names the expected authority and carries that authority's signature; among
 * several lists the highest version wins.
 */
public final class GigDats {
    private static final System.Logger LOG = System.getLogger(GigDats.class.getName());

    /** Tag of a revealed-preimage DAT. */
    public static final String PREIMAGE_TAG = "gg/preimage/1";
    /** Tag of a revocation-list DAT, also the prefix of its prev. */
    public static final String REVOCATIONS_TAG = "gg/revocations/1";
    /**
     * Most revoked certificate ids whose list fits a DAT value: a list of n ids encodes to
     * about 121 + 34 n bytes (key, version, time, signature, protobuf framing), and
     * {@link DaveConfig#VAL_SIZE} is 1280. A longer list is not published on Dave.
     */
    public static final int MAX_REVOKED_IN_DAT = 34;

    private static final byte[] PREIMAGE = PREIMAGE_TAG.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REVOCATIONS = REVOCATIONS_TAG.getBytes(StandardCharsets.US_ASCII);

    private GigDats() {}

    /** The prev of the preimage DAT of {@code paymentHash}: the hash itself. */
    public static byte[] preimageKey(Hash32 paymentHash) {
        return paymentHash.bytes();
    }

    /** The prev of the revocation-list DATs of {@code authority}: SHA256("gg/revocations/1" || key). */
    public static byte[] revocationsKey(PublicKey authority) {
        return Sha256.hash(REVOCATIONS, authority.bytes());
    }

    /**
     * The SETDAT publishing {@code preimage}, mined to {@code strength} (expect 256^strength
     * hashes: run it off any latency-sensitive thread).
     */
    public static DaveMsg preimage(Preimage preimage, int strength, SecureRandom random) {
        return DaveWork.solve(preimageKey(preimage.paymentHash()), preimage.bytes(), PREIMAGE, strength, random);
    }

    /**
     * The SETDAT publishing {@code list}, mined to {@code strength}; empty (with a warning in
     * the log) when the encoded list is larger than {@link DaveConfig#VAL_SIZE}.
     */
    public static Optional<DaveMsg> revocations(RevocationList list, int strength, SecureRandom random) {
        byte[] val = list.encode();
        if (val.length > DaveConfig.VAL_SIZE) {
            LOG.log(System.Logger.Level.WARNING, "not publishing " + list + " on Dave: " + val.length
                    + " bytes, a DAT holds " + DaveConfig.VAL_SIZE + " (about " + MAX_REVOKED_IN_DAT + " ids)");
            return Optional.empty();
        }
        return Optional.of(DaveWork.solve(revocationsKey(list.body().authority()), val, REVOCATIONS, strength,
                random));
    }

    /**
     * The preimage of {@code paymentHash} carried by {@code dat}, if {@code dat} is a preimage
     * DAT with a valid work whose prev is that hash and whose value hashes to it.
     */
    public static Optional<Preimage> openPreimage(DaveMsg dat, Hash32 paymentHash) {
        byte[] val = dat.val();
        if (!MessageDigest.isEqual(dat.tag(), PREIMAGE) || !MessageDigest.isEqual(dat.prev(), paymentHash.bytes())
                || val.length != Preimage.SIZE || DaveWork.check(dat) < 0) {
            return Optional.empty();
        }
        Preimage p = Preimage.of(val);
        return p.matches(paymentHash) ? Optional.of(p) : Optional.empty();
    }

    /**
     * The revocation list of {@code authority} carried by {@code dat}, if {@code dat} is a
     * revocation-list DAT with a valid work under that authority's key and its value decodes
     * to a list of that authority with a good signature.
     */
    public static Optional<RevocationList> openRevocations(DaveMsg dat, PublicKey authority) {
        if (!MessageDigest.isEqual(dat.tag(), REVOCATIONS)
                || !MessageDigest.isEqual(dat.prev(), revocationsKey(authority)) || DaveWork.check(dat) < 0) {
            return Optional.empty();
        }
        if (!(RevocationList.decode(dat.val()) instanceof Decoded.Ok<RevocationList> ok)
                || !ok.value().body().authority().equals(authority)
                || !SignatureChecks.revocationList(ok.value()).isAccepted()) {
            return Optional.empty();
        }
        return Optional.of(ok.value());
    }

    /** The list of {@code authority} with the highest version among {@code dats} that verify. */
    public static Optional<RevocationList> newestRevocations(Collection<DaveMsg> dats, PublicKey authority) {
        RevocationList best = null;
        for (DaveMsg d : dats) {
            Optional<RevocationList> l = openRevocations(d, authority);
            if (l.isPresent() && (best == null
                    || Long.compareUnsigned(l.get().body().version(), best.body().version()) > 0)) {
                best = l.get();
            }
        }
        return Optional.ofNullable(best);
    }
}

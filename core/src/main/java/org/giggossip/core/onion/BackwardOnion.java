package org.giggossip.core.onion;

import static org.giggossip.core.onion.OnionFormat.EPHEMERAL_SIZE;
import static org.giggossip.core.onion.OnionFormat.HEADER_SIZE;
import static org.giggossip.core.onion.OnionFormat.SLOT_SIZE;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.giggossip.core.crypto.PrivateKey;
import org.giggossip.core.crypto.PublicKey;

/**
 * Builds and peels fixed-size, authenticated backward onions (seed 3.5) of one
 * {@link OnionFormat}: the customer makes an {@link #origin}, every node that
 * forwards the broadcast {@link #wrap}s it for the next node, and the reply
 * travels back as each node {@link #peel}s one layer. The construction and its
 * limits are in the package documentation.
 *
 * <p>Stateless and thread-safe. All randomness comes from the caller's
 * {@link SecureRandom}, so a seeded one gives byte-identical onions.
 */
public final class BackwardOnion {
    /** Onions of the {@link OnionFormat#DEFAULT} format. */
    public static final BackwardOnion DEFAULT = new BackwardOnion(OnionFormat.DEFAULT);

    private static final Peeled ARRIVED = new Peeled.Arrived();

    private final OnionFormat format;

    /** Onions of {@code format}. */
    public BackwardOnion(OnionFormat format) {
        this.format = Objects.requireNonNull(format, "format");
    }

    /** The format of every onion made and accepted here. */
    public OnionFormat format() {
        return format;
    }

    /**
     * The customer's terminal onion, sealed to {@code self}: a fresh ephemeral
     * key, the terminal tag in the MAC's place, and a body of random bytes. The
     * customer wraps it for each peer it broadcasts to; peeling it gives
     * {@link Peeled.Arrived}.
     */
    public byte[] origin(PublicKey self, SecureRandom random) {
        Objects.requireNonNull(self, "self");
        byte[] filler = new byte[format.bodySize()];
        random.nextBytes(filler);
        return seal(self, filler, true, random);
    }

    /**
     * Adds a layer to the onion this node received with a broadcast, for the
     * broadcast's next node: that node will learn from it only that replies go
     * back to {@code me}. The result is sealed to {@code next} and as long as the
     * input. The oldest slot falls off the end (see the package documentation on
     * the hop limit).
     *
     * @param onionSealedToMe the onion that came with the broadcast; check it first
     *     with {@link #peel} (a {@link Peeled.Forward} to the peer that sent it)
     * @param me this node
     * @param next the node the broadcast goes to
     * @param random draws the layer's ephemeral key
     * @return the onion to send to {@code next}
     * @throws IllegalArgumentException if the onion is not {@link OnionFormat#size()} bytes
     */
    public byte[] wrap(byte[] onionSealedToMe, PublicKey me, PublicKey next, SecureRandom random) {
        Objects.requireNonNull(me, "me");
        Objects.requireNonNull(next, "next");
        if (onionSealedToMe == null || onionSealedToMe.length != format.size()) {
            throw new IllegalArgumentException("an onion of this format has " + format.size() + " bytes");
        }
        // The new slot is (me, E, M) and E || M is the old header, so slot || old body without
        // its last slot is me || the old onion without its last slot.
        byte[] plaintext = new byte[format.bodySize()];
        System.arraycopy(me.bytes(), 0, plaintext, 0, PublicKey.SIZE);
        System.arraycopy(onionSealedToMe, 0, plaintext, PublicKey.SIZE, format.bodySize() - PublicKey.SIZE);
        return seal(next, plaintext, false, random);
    }

    /**
     * Peels the layer sealed to {@code me}: checks the size, then the MAC (in
     * constant time), then decrypts. Never throws on {@code onion}.
     *
     * @param onion bytes from a peer: anything at all, or null
     * @param me this node's key
     * @param random draws the random slot appended to the inner onion
     * @return {@link Peeled.Forward} with the next hop and the inner onion (its
     *     body shifted left one slot, a random slot appended: same size);
     *     {@link Peeled.Arrived} for the customer's terminal layer; or
     *     {@link Peeled.Invalid} for an onion of the wrong size, whose E is not a
     *     curve point, whose MAC fails (changed on the way, sealed to another key,
     *     or from a route longer than {@link OnionFormat#maxHops}), or whose next
     *     hop is not a public key
     */
    public Peeled peel(byte[] onion, PrivateKey me, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return open(onion, me, random);
    }

    /**
     * Checks, as {@link #peel} does, that {@code onion} has this format's size and that its layer
     * authenticates for {@code me}, and says where it points, drawing no randomness: a middleman
     * checks the onion of a broadcast on arrival this way (the layer must be a
     * {@link Peeled.Forward} to the peer that sent it). The inner onion of a {@link Peeled.Forward}
     * ends in a zero slot instead of a random one: it is for checking, never for sending on.
     * Never throws on {@code onion}.
     *
     * @param onion bytes from a peer: anything at all, or null
     * @param me this node's key
     * @return what {@link #peel} would return, but for the last slot of a forward's inner onion
     */
    public Peeled authenticate(byte[] onion, PrivateKey me) {
        return open(onion, me, null);
    }

    private Peeled open(byte[] onion, PrivateKey me, SecureRandom random) {
        Objects.requireNonNull(me, "me");
        if (onion == null || onion.length != format.size()) {
            return new Peeled.Invalid("an onion has " + format.size() + " bytes, not "
                    + (onion == null ? "none" : onion.length));
        }
        Optional<PublicKey> ephemeral = PublicKey.parse(Arrays.copyOf(onion, EPHEMERAL_SIZE));
        if (ephemeral.isEmpty()) {
            return new Peeled.Invalid("the ephemeral key is not a curve point");
        }
        LayerKeys keys;
        try {
            keys = LayerKeys.forRecipient(me, ephemeral.get());
        } catch (RuntimeException e) {
            return new Peeled.Invalid("libsecp256k1 refused the ephemeral key"); // parse() should have caught it
        }
        try (keys) {
            byte[] mac = Arrays.copyOfRange(onion, EPHEMERAL_SIZE, HEADER_SIZE);
            if (MessageDigest.isEqual(mac, keys.slotMac(onion, HEADER_SIZE))) {
                return forward(onion, keys, random);
            }
            if (MessageDigest.isEqual(mac, keys.terminalTag())) {
                return ARRIVED;
            }
            return new Peeled.Invalid("bad MAC: changed on the way, sealed to another key, or from more than "
                    + format.maxHops() + " hops away");
        }
    }

    private Peeled forward(byte[] onion, LayerKeys keys, SecureRandom random) {
        byte[] plaintext = keys.crypt(onion, HEADER_SIZE, format.bodySize());
        Optional<PublicKey> next = PublicKey.parse(Arrays.copyOf(plaintext, PublicKey.SIZE));
        if (next.isEmpty()) {
            return new Peeled.Invalid("the next hop is not a public key");
        }
        // Inner E || inner M || the rest of the body, shifted left one slot; then a random slot.
        byte[] inner = Arrays.copyOfRange(plaintext, PublicKey.SIZE, PublicKey.SIZE + format.size());
        byte[] filler = new byte[SLOT_SIZE];
        if (random != null) {
            random.nextBytes(filler);
        }
        System.arraycopy(filler, 0, inner, format.size() - SLOT_SIZE, SLOT_SIZE);
        return new Peeled.Forward(next.get(), inner);
    }

    /** A layer sealed to {@code recipient}: E, then the slot MAC (or the terminal tag), then the encrypted body. */
    private byte[] seal(PublicKey recipient, byte[] plaintextBody, boolean terminal, SecureRandom random) {
        PrivateKey ephemeral = PrivateKey.generate(random);
        try (LayerKeys keys = LayerKeys.forSender(ephemeral, recipient)) {
            byte[] onion = new byte[format.size()];
            System.arraycopy(ephemeral.publicKey().bytes(), 0, onion, 0, EPHEMERAL_SIZE);
            System.arraycopy(keys.crypt(plaintextBody, 0, format.bodySize()), 0, onion, HEADER_SIZE,
                    format.bodySize());
            byte[] mac = terminal ? keys.terminalTag() : keys.slotMac(onion, HEADER_SIZE);
            System.arraycopy(mac, 0, onion, EPHEMERAL_SIZE, OnionFormat.MAC_SIZE);
            return onion;
        }
    }
}

package org.giggossip.net.admission;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.pow.PowScheme;
import org.giggossip.core.pow.PowVerifier;
import org.giggossip.core.pow.ProofOfWork;
import org.giggossip.core.validation.Verdict;
import org.giggossip.net.admission.AdmissionMessage.Answer;
import org.giggossip.net.admission.AdmissionMessage.Challenge;
import org.giggossip.net.admission.AdmissionPayload.Role;

/**
 * One connection's proof-of-work admission as a sans-I/O state machine (seed 003,
 * section 2.3: "both peers await a valid well-formed connection response, only
 * after which the other peer is considered valid").
 *
 * <p>The host calls {@link #start()} once the BOLT 8 handshake is done, feeds each
 * decrypted frame to {@link #receive(byte[], Instant)}, runs each
 * {@link AdmissionOutput.Solve} on a worker and reports it with
 * {@link #solved(long, Instant)}, and calls {@link #tick(Instant)} at
 * {@link #deadline()}. Each call returns what to do, in order. Time is passed in;
 * hostile frames never throw. Not thread-safe: owned by the connection's loop.
 */
public final class Admission {
    private final Role role;
    private final PublicKey initiatorId;
    private final PublicKey responderId;
    private final AdmissionPolicy policy;
    private final byte[] ourNonce;
    private final Instant deadline;
    private final PowVerifier verifier;
    private byte[] peerNonce;
    private Challenge peerChallenge;
    private boolean started;
    private boolean answerSent;
    private boolean peerAnswered;
    private boolean ended;

    private Admission(Role role, PublicKey self, PublicKey peer, AdmissionPolicy policy, byte[] ourNonce,
                      Instant now) {
        this.role = Objects.requireNonNull(role, "role");
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(peer, "peer");
        this.initiatorId = role == Role.INITIATOR ? self : peer;
        this.responderId = role == Role.INITIATOR ? peer : self;
        this.policy = Objects.requireNonNull(policy, "policy");
        if (ourNonce.length != Challenge.NONCE_SIZE) {
            throw new IllegalArgumentException("a challenge nonce is 32 bytes");
        }
        this.ourNonce = ourNonce.clone();
        this.deadline = now.plus(policy.timeout());
        this.verifier = new PowVerifier(PowScheme.SHA256, policy.required());
    }

    /**
     * An admission for our side ({@code role}) of a connection between {@code self}
     * and {@code peer} (the identity BOLT 8 authenticated), with our fresh challenge
     * nonce; the deadline is {@code now + policy.timeout()}.
     */
    public static Admission of(Role role, PublicKey self, PublicKey peer, AdmissionPolicy policy,
                               byte[] ourNonce, Instant now) {
        return new Admission(role, self, peer, policy, ourNonce, now);
    }

    /** As {@link #of} with 32 fresh random bytes as our nonce. */
    public static Admission of(Role role, PublicKey self, PublicKey peer, AdmissionPolicy policy,
                               SecureRandom random, Instant now) {
        byte[] nonce = new byte[Challenge.NONCE_SIZE];
        random.nextBytes(nonce);
        return new Admission(role, self, peer, policy, nonce, now);
    }

    /** When the admission times out; the host sets a timer for it. */
    public Instant deadline() {
        return deadline;
    }

    /** Whether both answers are in and good. */
    public boolean isAdmitted() {
        return answerSent && peerAnswered && !ended;
    }

    /** Our challenge, to send first. Throws {@link IllegalStateException} on a second call (our bug). */
    public List<AdmissionOutput> start() {
        if (started) {
            throw new IllegalStateException("an admission starts once");
        }
        started = true;
        Challenge ours = new Challenge(PowScheme.SHA256, ourNonce, policy.required());
        return List.of(new AdmissionOutput.Send(AdmissionCodec.encode(ours)));
    }

    /** A frame from the peer at {@code now}. Never throws on {@code frame}. */
    public List<AdmissionOutput> receive(byte[] frame, Instant now) {
        if (ended) {
            return List.of(new AdmissionOutput.Closed(AdmissionError.ALREADY_ENDED, "admission already ended"));
        }
        if (now.isAfter(deadline)) {
            return close(AdmissionError.LATE, "frame after the deadline " + deadline);
        }
        try {
            return switch (AdmissionCodec.decode(frame)) {
                case AdmissionCodec.Decoded.Malformed m -> close(AdmissionError.MALFORMED, m.reason());
                case AdmissionCodec.Decoded.Ok(Challenge c) -> onChallenge(c);
                case AdmissionCodec.Decoded.Ok(Answer a) -> onAnswer(a);
            };
        } catch (RuntimeException e) {
            return close(AdmissionError.MALFORMED, "internal: " + e); // defensive: never escapes
        }
    }

    private List<AdmissionOutput> onChallenge(Challenge c) {
        if (peerChallenge != null) {
            return close(AdmissionError.DUPLICATE_CHALLENGE, "a second challenge");
        }
        if (Arrays.equals(c.nonce(), ourNonce)) {
            return close(AdmissionError.REFLECTED_CHALLENGE, "the peer's challenge carries our nonce");
        }
        if (policy.hardestAccepted().isWeakerThan(c.target())) {
            return close(AdmissionError.TOO_HARD, "difficulty " + c.target().difficulty() + " > "
                + policy.hardestAccepted().difficulty());
        }
        peerChallenge = c;
        peerNonce = c.nonce();
        return List.of(new AdmissionOutput.Solve(payload(role), c.target()));
    }

    private List<AdmissionOutput> onAnswer(Answer a) {
        if (peerChallenge == null || peerAnswered) {
            return close(AdmissionError.UNEXPECTED_ANSWER,
                peerAnswered ? "a second answer" : "an answer before the peer's challenge");
        }
        Verdict v = verifier.verify(payload(role.other()),
            new ProofOfWork(a.scheme(), policy.required(), a.powNonce()));
        if (!v.isAccepted()) {
            return close(AdmissionError.WRONG_ANSWER, v.toString());
        }
        peerAnswered = true;
        return answerSent ? List.of(new AdmissionOutput.Admitted()) : List.of();
    }

    /**
     * Our solver found {@code powNonce} for the {@link AdmissionOutput.Solve} we were
     * given: send the answer, and report admission if the peer's is already in.
     */
    public List<AdmissionOutput> solved(long powNonce, Instant now) {
        if (ended) {
            return List.of();
        }
        if (peerChallenge == null || answerSent) {
            throw new IllegalStateException("nothing to answer");
        }
        if (now.isAfter(deadline)) {
            return close(AdmissionError.LATE, "our own answer was late");
        }
        answerSent = true;
        AdmissionOutput.Send send = new AdmissionOutput.Send(AdmissionCodec.encode(peerChallenge.answer(powNonce)));
        return peerAnswered ? List.of(send, new AdmissionOutput.Admitted()) : List.of(send);
    }

    /** The host's timer: closes with {@link AdmissionError#LATE} when the deadline passed unadmitted. */
    public List<AdmissionOutput> tick(Instant now) {
        if (ended || isAdmitted() || !now.isAfter(deadline)) {
            return List.of();
        }
        return close(AdmissionError.LATE, "no admission by " + deadline);
    }

    private byte[] payload(Role solver) {
        byte[] initiatorNonce = role == Role.INITIATOR ? ourNonce : peerNonce;
        byte[] responderNonce = role == Role.INITIATOR ? peerNonce : ourNonce;
        return AdmissionPayload.of(solver, initiatorId, responderId, initiatorNonce, responderNonce);
    }

    private List<AdmissionOutput> close(AdmissionError error, String detail) {
        ended = true;
        return List.of(new AdmissionOutput.Closed(error, detail));
    }
}

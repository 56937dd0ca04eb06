package org.giggossip.net.admission;

/** Why an admission closed the connection (seed 003, section 2.3). */
public enum AdmissionError {
    /** A frame that is not a well-formed admission message. */
    MALFORMED,
    /** The peer sent a second challenge. */
    DUPLICATE_CHALLENGE,
    /** The peer's challenge carries our own nonce back (a reflection or a replay). */
    REFLECTED_CHALLENGE,
    /** The peer sent a second answer, or an answer where a challenge was due. */
    UNEXPECTED_ANSWER,
    /** The peer demands more work than we agree to do. */
    TOO_HARD,
    /** The peer's answer does not meet our target over its payload. */
    WRONG_ANSWER,
    /** The deadline passed before both answers were in. */
    LATE,
    /** A frame arrived after the admission had ended. */
    ALREADY_ENDED
}

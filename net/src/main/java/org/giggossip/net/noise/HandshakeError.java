package org.giggossip.net.noise;

/**
 * Why a BOLT 8 handshake failed; the names follow the failure cases of BOLT 8's
 * transport test vectors. Every failure closes the connection.
 */
public enum HandshakeError {
    /** Act One was not exactly 50 bytes. */
    ACT1_READ_FAILED,
    /** Act One's version byte was not 0. */
    ACT1_BAD_VERSION,
    /** Act One's ephemeral key is not a valid compressed point. */
    ACT1_BAD_PUBKEY,
    /** Act One's tag did not authenticate. */
    ACT1_BAD_TAG,
    /** Act Two was not exactly 50 bytes. */
    ACT2_READ_FAILED,
    /** Act Two's version byte was not 0. */
    ACT2_BAD_VERSION,
    /** Act Two's ephemeral key is not a valid compressed point. */
    ACT2_BAD_PUBKEY,
    /** Act Two's tag did not authenticate. */
    ACT2_BAD_TAG,
    /** Act Three was not exactly 66 bytes. */
    ACT3_READ_FAILED,
    /** Act Three's version byte was not 0. */
    ACT3_BAD_VERSION,
    /** Act Three's encrypted static key did not authenticate. */
    ACT3_BAD_CIPHERTEXT,
    /** Act Three's static key is not a valid compressed point. */
    ACT3_BAD_PUBKEY,
    /** Act Three's final tag did not authenticate. */
    ACT3_BAD_TAG,
    /** Bytes arrived when the handshake expected none (it is done or has failed). */
    UNEXPECTED_INPUT
}

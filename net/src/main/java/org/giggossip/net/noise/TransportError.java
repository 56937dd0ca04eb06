package org.giggossip.net.noise;

/** Why a BOLT 8 transport read failed. Every failure closes the connection. */
public enum TransportError {
    /** The encrypted length prefix was not exactly 18 bytes. */
    LENGTH_READ_FAILED,
    /** The encrypted length prefix did not authenticate. */
    LENGTH_BAD_TAG,
    /** The length exceeds the host's limit for one message. */
    LENGTH_TOO_LARGE,
    /** The encrypted body was not exactly the announced length plus its tag. */
    BODY_READ_FAILED,
    /** The encrypted body did not authenticate. */
    BODY_BAD_TAG,
    /** Bytes arrived after an earlier failure. */
    BROKEN
}

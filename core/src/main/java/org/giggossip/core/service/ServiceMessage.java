package org.giggossip.core.service;

import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.WalletEvent;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.core.settler.SettlerRequest;
import org.giggossip.core.settler.SettlerResponse;
import org.giggossip.core.wire.Certificate;

/**
 * One message between a node and the node that serves it a settler and a
 * hold-invoice wallet over a link ({@code core/src/main/proto/service.proto},
 * {@code giggossip.v1.ServiceMessage}). The caller is the link's peer,
 * authenticated by BOLT 8, so no message names it. Encoded and decoded by
 * {@link ServiceCodec}.
 */
public sealed interface ServiceMessage {

    /** A settler request of the caller (seed 000, 3.8 and 3.9), executed as from the caller. */
    record SettlerCall(SettlerRequest request) implements ServiceMessage {
        public SettlerCall {
            Objects.requireNonNull(request, "request");
        }
    }

    /** A settler answer or notice to the caller. */
    record SettlerAnswer(SettlerResponse response) implements ServiceMessage {
        public SettlerAnswer {
            Objects.requireNonNull(response, "response");
        }
    }

    /** A wallet request of the caller (3.7), executed on the caller's account. */
    record WalletCall(WalletRequest request) implements ServiceMessage {
        public WalletCall {
            Objects.requireNonNull(request, "request");
        }
    }

    /** A wallet event of the caller's account. */
    record WalletNotice(WalletEvent event) implements ServiceMessage {
        public WalletNotice {
            Objects.requireNonNull(event, "event");
        }
    }

    /** Give me my account and my certificate (3.2); answered by {@link Enrolled}. */
    record Enrol() implements ServiceMessage {
        /** The answer. */
        public Enrolled enrolled(Certificate certificate, PublicKey settlerId) {
            return new Enrolled(certificate, settlerId);
        }
    }

    /** The caller's certificate and the settler that issued it. */
    record Enrolled(Certificate certificate, PublicKey settlerId) implements ServiceMessage {
        public Enrolled {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(settlerId, "settlerId");
        }
    }

    /** The caller's balance, please; answered by {@link BalanceAnswer}. */
    record BalanceQuery(long callId) implements ServiceMessage {
        /** The answer. */
        public BalanceAnswer answer(long availableMsat, long lockedMsat) {
            return new BalanceAnswer(callId, availableMsat, lockedMsat);
        }
    }

    /** The caller's spendable and locked funds, in msat. */
    record BalanceAnswer(long callId, long availableMsat, long lockedMsat) implements ServiceMessage {
        public BalanceAnswer {
            if (availableMsat < 0 || lockedMsat < 0) {
                throw new IllegalArgumentException("balances are not negative");
            }
        }
    }

    /**
     * Sent on every (re)link: replay what I may have missed (the InvoiceAccepted
     * of my invoices still accepted, the PaymentSettled of my payments settled
     * since my previous Resume).
     */
    record Resume() implements ServiceMessage {}
}

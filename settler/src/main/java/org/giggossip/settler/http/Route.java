package org.giggossip.settler.http;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.http.Exchange;
import org.giggossip.http.Reply;

/**
 * One endpoint of the settler's API: method, path template (such as
 * {@code /v1/preimages/{payment_hash}}), who may call it, whose object it acts on,
 * the record its body is read into, and its handler. The server and the OpenAPI
 * document are both made from the list of routes.
 */
record Route(String method, String template, Access access, Owner owner, Class<? extends Record> body,
        String summary, Handler handler) {

    /** Who may call a route. */
    enum Access {
        /** Anyone, unsigned (OpenAPI {@code security: []}). */
        PUBLIC,
        /** Any caller with a signed request. */
        SIGNED,
        /** A signed request by one of the settler's administrators. */
        ADMIN
    }

    /** Whose object a signed route acts on: anyone else is answered 403. */
    enum Owner {
        NONE,
        /** The replier of the gig named by {@code reply_hash}. */
        GIG_REPLIER,
        /** The customer of the gig named by {@code reply_hash}. */
        GIG_CUSTOMER,
        /** The customer or the replier of the gig (an admin too, for status). */
        GIG_PARTY,
        /** The holder of a regtest wallet account. */
        WALLET
    }

    /** A matched request. */
    record Call(Exchange exchange, Map<String, String> params, PublicKey caller, Record body) {
        <T> T body(Class<T> type) {
            return type.cast(body);
        }
    }

    @FunctionalInterface
    interface Handler {
        /** The answer, or null when the handler answered the exchange itself (an event stream). */
        Reply handle(Call call) throws IOException;
    }

    Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(owner, "owner");
        if ((access == Access.PUBLIC) != (body == null)) {
            throw new IllegalArgumentException(template + ": public routes are GETs without body, others POSTs with one");
        }
    }

    static Route get(String template, String summary, Handler handler) {
        return new Route("GET", template, Access.PUBLIC, Owner.NONE, null, summary, handler);
    }

    static Route post(String template, Access access, Owner owner, Class<? extends Record> body, String summary,
            Handler handler) {
        return new Route("POST", template, access, owner, body, summary, handler);
    }
}

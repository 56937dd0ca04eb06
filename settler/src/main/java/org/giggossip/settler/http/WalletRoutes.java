package org.giggossip.settler.http;

import static org.giggossip.settler.http.Route.Access.SIGNED;
import static org.giggossip.settler.http.Route.Owner.NONE;
import static org.giggossip.settler.http.Route.Owner.WALLET;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.HoldInvoiceWallet;
import org.giggossip.core.payment.WalletAccounts;
import org.giggossip.core.payment.WalletRequest;
import org.giggossip.http.HttpProblem;
import org.giggossip.http.Reply;
import org.giggossip.settler.service.SettlerBackend;

/**
 * The regtest wallet accounts ({@code /v1/wallet/*}), served only when the
 * settler's wallet is the embedded ledger (else 404 with the reason). Each
 * caller acts on its own account, opened by {@code /v1/wallet/open}; any other
 * route without an account is answered 403. Requests are answered 202 at once:
 * their outcome arrives in the account's journal ({@code /v1/wallet/events}).
 */
final class WalletRoutes {
    private final SettlerBackend backend;
    private final Answers answers;

    WalletRoutes(SettlerBackend backend, Answers answers) {
        this.backend = backend;
        this.answers = answers;
    }

    List<Route> routes() {
        return List.of(
                Route.post("/v1/wallet/open", SIGNED, NONE, ApiBodies.Empty.class,
                        "Opens the caller's regtest account (with the starting balance) unless it has one", c -> {
                            answers.await(accounts().open(c.caller()));
                            ObjectNode body = JsonNodeFactory.instance.objectNode();
                            body.put("opened", true);
                            return Answers.ok(body);
                        }),
                Route.post("/v1/wallet/balance", SIGNED, WALLET, ApiBodies.Empty.class, "The account's balance",
                        c -> {
                            HoldInvoiceWallet.Balance b = answers.await(account(c.caller()).balance(c.caller()));
                            ObjectNode body = JsonNodeFactory.instance.objectNode();
                            body.put("spendable_msat", b.spendableMsat());
                            body.put("locked_msat", b.lockedMsat());
                            return Answers.ok(body);
                        }),
                Route.post("/v1/wallet/invoices/create", SIGNED, WALLET, ApiBodies.CreateInvoice.class,
                        "CreateHoldInvoice for a payment hash; answered in the journal",
                        c -> execute(c.caller(), c.body(ApiBodies.CreateInvoice.class).toRequest())),
                Route.post("/v1/wallet/pay", SIGNED, WALLET, ApiBodies.Pay.class,
                        "Pay a BOLT 11 invoice; answered in the journal",
                        c -> execute(c.caller(), c.body(ApiBodies.Pay.class).toRequest())),
                Route.post("/v1/wallet/invoices/settle", SIGNED, WALLET, ApiBodies.Settle.class,
                        "Settle an accepted invoice with its preimage; answered in the journal",
                        c -> execute(c.caller(), c.body(ApiBodies.Settle.class).toRequest())),
                Route.post("/v1/wallet/invoices/cancel", SIGNED, WALLET, ApiBodies.WalletCancel.class,
                        "Cancel an invoice; answered in the journal",
                        c -> execute(c.caller(), c.body(ApiBodies.WalletCancel.class).toRequest())),
                Route.post("/v1/wallet/events", SIGNED, WALLET, ApiBodies.Poll.class,
                        "Long poll: the account's journal entries numbered above 'after'", c -> {
                            ApiBodies.Poll p = c.body(ApiBodies.Poll.class);
                            p.check();
                            WalletAccounts accounts = account(c.caller());
                            List<WalletAccounts.Entry> entries = answers.longPoll(c.caller(),
                                    () -> accounts.events(c.caller(), p.after(), Answers.POLL_LIMIT),
                                    () -> accounts.awaitEvent(c.caller(), p.after()), p.waitMs());
                            ObjectNode body = JsonNodeFactory.instance.objectNode();
                            ArrayNode list = body.putArray("events");
                            entries.forEach(e -> list.add(SettlerJson.walletEntry(e)));
                            body.put("next", entries.isEmpty() ? p.after() : entries.getLast().seq());
                            return Answers.ok(body);
                        }));
    }

    private Reply execute(PublicKey caller, WalletRequest request) {
        account(caller).execute(caller, request);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("accepted", true);
        body.put("call_id", request.callId());
        return new Reply(202, body);
    }

    private WalletAccounts accounts() {
        return backend.wallets().orElseThrow(() -> new HttpProblem(404,
                "this settler offers no wallet accounts: its wallet is not the embedded ledger"));
    }

    /** The accounts, if the caller holds one (else 403). */
    private WalletAccounts account(PublicKey caller) {
        WalletAccounts accounts = accounts();
        if (!accounts.has(caller)) {
            throw new HttpProblem(403, "no wallet account for key " + caller.hex() + "; POST /v1/wallet/open first");
        }
        return accounts;
    }
}

/**
 * The payment settler (seed 000, sections 2.1, 3.2, 3.8 and 3.9): the contract
 * between nodes and a settler ({@link org.giggossip.core.settler.SettlerRequest},
 * {@link org.giggossip.core.settler.SettlerResponse}) and the settler's own
 * logic ({@link org.giggossip.core.settler.Settler}), sans-I/O.
 *
 * <h2>What a settler does</h2>
 * <ul>
 *   <li><b>Certifies</b> (3.2): as certification authority it grants properties to
 *       subjects, issues certificates carrying them, revokes them and publishes a
 *       signed, versioned revocation list
 *       ({@link org.giggossip.core.settler.SettlerAuthority}).</li>
 *   <li><b>Issues reply hashes</b> (3.9, Figure 15): for a replier answering a
 *       signed, certified request, it draws the job preimage and gives out only its
 *       hash, for the replier's job invoice.</li>
 *   <li><b>Seals replies</b> (3.9): it encrypts the reply payload under a key
 *       derived from a fresh network preimage, opens the first network hold invoice
 *       of the payment chain, and signs a settlement promise that binds the
 *       encrypted payload, both payment hashes and both amounts.</li>
 *   <li><b>Reveals</b> (3.8): only when its network invoice is accepted and the
 *       replier's job invoice is accepted, before the network invoice expires, by
 *       settling its invoice; the preimage ripples back along the chain and opens
 *       the reply, and is published once the settlement is confirmed. Never after
 *       the network invoice was cancelled or expired.</li>
 *   <li><b>Settles the job</b> (2.1): the job preimage goes to the worker when the
 *       dispute window closes or the customer confirms; a dispute holds it until
 *       the settler decides, for the worker (release) or for the customer (the worker
 *       cancels its job invoice and the customer's funds go back).</li>
 *   <li><b>Publishes preimages</b> (end of 3.9) for FetchPreimage, so a broken
 *       settlement chain cannot withhold the key.</li>
 * </ul>
 *
 * <h2>Host contract</h2>
 * The settler performs no I/O and starts no timer. The host authenticates each
 * caller and delivers requests to {@link org.giggossip.core.settler.Settler#onRequest};
 * executes each {@link org.giggossip.core.settler.SettlerOutput.Wallet} on the
 * settler's hold-invoice wallet (the embedded {@code org.giggossip.core.ledger.Ledger},
 * LND) and feeds the events back to {@link org.giggossip.core.settler.Settler#onWallet};
 * calls {@link org.giggossip.core.settler.Settler#onWake} at every
 * {@link org.giggossip.core.settler.SettlerOutput.WakeUp}; delivers
 * {@link org.giggossip.core.settler.SettlerOutput.Respond}s; and serves
 * {@link org.giggossip.core.settler.SettlerOutput.Publish}ed preimages. Time comes
 * from an injected {@link java.time.Clock}, randomness from an injected
 * {@link java.security.SecureRandom}, so a run is reproducible from a seed.
 *
 * <h2>Untrusted input</h2>
 * Requests are judged before anything changes; every refusal is a
 * {@link org.giggossip.core.settler.SettlerResponse.Refused} that says why, and a
 * caller acting on a gig that is not its own is refused. Reply payloads are
 * hostile bytes: decoded with a size limit, never parsed beyond it. Every gig has
 * a deadline except an open dispute, and published preimages are kept for a fixed
 * retention, so memory is bounded by the request rate.
 */
package org.giggossip.core.settler;

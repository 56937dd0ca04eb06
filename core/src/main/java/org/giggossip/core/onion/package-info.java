/**
 * The backward onion (seed 3.5, "Onion-routing"): the route a reply takes from
 * the replier back to the customer, built hop by hop as a broadcast spreads, and
 * hidden from the middlemen. The seed's onion grows by one sealed layer per hop,
 * so a middleman learns its distance from the customer by the onion's size. This
 * one has a fixed size, {@link org.giggossip.core.onion.OnionFormat#size()}, and
 * every live layer is authenticated.
 *
 * <h2>Construction</h2>
 * An onion is {@code E || M || body}: a 32-byte x-only ephemeral public key, a
 * 16-byte MAC, and {@code H} = {@link org.giggossip.core.onion.OnionFormat#maxHops()}
 * slots of 80 bytes (2,608 bytes for the default {@code H} = 32). A slot's
 * plaintext is {@code nextHop || innerE || innerM}. The keys of a layer come
 * from ECDH between the ephemeral key and the recipient, through HKDF-SHA256
 * with salt {@code E || recipient} and one {@code info} string per key
 * ({@code giggossip/v1/onion/stream}, {@code .../mac}, {@code .../terminal}).
 * <ul>
 *   <li><b>origin</b> (customer C, sealed to itself): a fresh E, a body of random
 *       bytes, and in M's place the <em>terminal tag</em>, a 16-byte value derived
 *       from the layer's keys.</li>
 *   <li><b>wrap</b> (node X forwarding the broadcast to Y, holding the onion
 *       {@code E' || M' || body'} sealed to X): a fresh E sealed to Y; the new body
 *       is {@code ChaCha20(X || E' || M' || body' without its last slot)}; the new M
 *       is HMAC-SHA256 of the new body's first slot (its ciphertext), truncated to
 *       16 bytes. Encrypt-then-MAC.</li>
 *   <li><b>peel</b> (the reply reaches Y): check the size, then M against the MAC of
 *       slot 0 (constant-time), then decrypt. Slot 0 names the next hop X and holds
 *       X's header {@code E' || M'}; the rest of the body shifts left one slot and a
 *       random slot fills the end, giving X's onion back at the same size. If M is
 *       the terminal tag instead, the peeler is the customer: the reply has arrived.</li>
 * </ul>
 *
 * <h2>Why a hop can trust what it reads</h2>
 * A hop reads only slot 0 of its own layer, and its MAC covers exactly that slot
 * under a key derived from E, so a change to E, M or slot 0 fails there (a changed
 * E gives another key). Slot 0 carries the inner M, which covers the next layer's
 * slot 0, which is this layer's slot 1 under a stream cipher; and so on. So a
 * change to live slot {@code i} fails at the {@code i}-th hop back, the hop that
 * would read it, and no layer can name a different next hop and still verify.
 * Later slots cannot be covered by one MAC because they are not known to stay:
 * each wrap drops the last slot and each peel replaces one with random bytes. A
 * change to a dead slot (beyond the route) is never read and changes nothing.
 *
 * <h2>What a hop learns</h2>
 * Every onion has the same size, and apart from E (a curve point, like any
 * ephemeral key) every byte is ciphertext, MAC or random, so an onion one hop from
 * the customer looks like one twenty hops away. Peeling its layer a hop learns
 * one thing: its predecessor on the broadcast, which it knew already. It cannot
 * tell a live slot from a dead one. Two limits:
 * <ul>
 *   <li>A hop that keeps the onion it got with a broadcast and compares it with the
 *       one a reply brings back sees that the last {@code d} slots changed, where
 *       {@code d} is its distance to the replier (one slot per peel since). So the
 *       node just before the replier can tell that its successor replied. The
 *       seed's growing onion returns each layer unchanged and does not leak this;
 *       a fixed-size onion that is built hop by hop cannot avoid it, since no later
 *       hop can rebuild the bytes a wrap dropped.</li>
 *   <li>Integrity is per layer, not per author: anybody can seal a layer to
 *       anybody, including a terminal layer to a customer. {@link
 *       org.giggossip.core.onion.Peeled.Arrived} does not prove that the reply
 *       answers one of the customer's own requests.</li>
 * </ul>
 *
 * <h2>The hop limit</h2>
 * A route of {@code n} hops (n wraps after the origin) uses n slots; the origin
 * needs none, because its terminal tag stands in the MAC. Routes up to {@code H}
 * hops return. On a longer one the oldest slots fall off the end during the
 * broadcast, and the reply dies cleanly {@code H} hops back from the replier,
 * short of the customer: that hop's MAC then covers a random slot, and its peel
 * gives {@link org.giggossip.core.onion.Peeled.Invalid}.
 * Replies from more than {@code H} hops away cannot return; {@code H} = 32 far
 * exceeds the depth of a gossip broadcast.
 *
 * <p>Sans-I/O, like all of {@code core}: no sockets, files, threads or system clock,
 * and no module of ours (docs/style.md 1 and 9).
 */
package org.giggossip.core.onion;

/**
 * A settler and a hold-invoice wallet served to other nodes over a link
 * (docs/operations.md, "Settler and wallet across processes"; docs/protocol.md §8):
 * {@link org.giggossip.core.service.ServiceMessage}, every call, answer and event of
 * {@code service.proto}, and {@link org.giggossip.core.service.ServiceCodec}, which
 * decodes untrusted bytes with the size checked first and never throws.
 *
 * <p>Sans-I/O, like all of {@code core}: no sockets, files, threads or system clock,
 * and no module of ours (docs/style.md 1 and 9).
 * The links that carry these messages are {@code net}'s, the endpoints {@code node}'s.
 */
package org.giggossip.core.service;

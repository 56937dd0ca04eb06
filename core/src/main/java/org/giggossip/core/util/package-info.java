/**
 * Small helpers shared by {@code core} and the modules above it: hexadecimal text
 * ({@link org.giggossip.core.util.Hex}), the ordered output queue of a sans-I/O state
 * machine ({@link org.giggossip.core.util.Outbox}), and the record walking that the
 * JSON writers use.
 *
 * <p>Sans-I/O, like all of {@code core}: no sockets, files, threads or system clock,
 * and no module of ours (docs/style.md 1 and 9).
 */
package org.giggossip.core.util;

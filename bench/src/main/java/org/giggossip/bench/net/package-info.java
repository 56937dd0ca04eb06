/**
 * Benchmarks of the network path (docs/benchmarks.md, "The real node over TCP"): the
 * BOLT 8 handshake and transport, the proof-of-work admission, connections admitted
 * per second through real sockets, and one engine relaying broadcasts; run by
 * {@code bench/net.sh}.
 *
 * <p>Like all of {@code bench}, it uses {@code core} and {@code net} only, and nothing
 * imports it (docs/architecture.md, "Modules"). A benchmark checks only that it measured
 * what it meant to; correctness is the tests'.
 */
package org.giggossip.bench.net;

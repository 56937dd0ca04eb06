/**
 * JMH benchmarks of the proof-of-work hot paths through the production classes
 * (docs/benchmarks.md, "Proof of work"); run by {@code bench/jmh.sh}.
 *
 * <p>Like all of {@code bench}, it uses {@code core} and {@code net} only, and nothing
 * imports it (docs/architecture.md, "Modules"). A benchmark checks only that it measured
 * what it meant to; correctness is the tests'.
 */
package org.giggossip.bench;

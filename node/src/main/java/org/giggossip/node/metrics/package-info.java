/**
 * Prometheus metrics of {@code gg node} and {@code gg settler} (docs/metrics.md): what
 * each daemon counts, the text exposition format, and the {@code /metrics} endpoint,
 * off unless configured. Label values come only from fixed sets, so no peer or client
 * can add series (docs/style.md 18).
 *
 * <p>It observes the host and the HTTP APIs; it may not import the daemon or the
 * command line.
 * {@code node} is the top of the build: no module imports it (docs/architecture.md, "Modules").
 */
package org.giggossip.node.metrics;

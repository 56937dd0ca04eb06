/**
 * The daemon's host of one engine (docs/architecture.md, "One engine, three hosts"):
 * {@link org.giggossip.node.host.EngineHost} runs the engine on one event loop with
 * real links, the system clock and a proof-of-work pool, and carries out its outputs;
 * the settler and wallet it reaches: embedded ({@link org.giggossip.node.host.LocalServices}),
 * served to other nodes over links ({@link org.giggossip.node.host.ServiceEndpoint}) or
 * reached over a link ({@link org.giggossip.node.host.RemoteServices}).
 *
 * <p>It uses {@code core} and {@code net} only: it may not import the daemon, the
 * store, the app API, the configuration or the command line.
 * {@code node} is the top of the build: no module imports it (docs/architecture.md, "Modules").
 */
package org.giggossip.node.host;

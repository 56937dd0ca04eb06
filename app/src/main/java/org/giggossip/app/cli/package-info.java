/**
 * The {@code gg} command line (picocli): {@link org.giggossip.app.cli.Gg} wires one
 * class per subcommand: the daemons ({@code gg node}, {@code gg settler}), the app
 * API's commands ({@code gg job|work|peers|status}), {@code gg demo}, {@code gg devnet},
 * {@code gg sim}, {@code gg walkthrough}, the VoidPhone and Dave tools, and the
 * benchmarks.
 *
 * <p>Commands call the library packages of {@code node}; no other package imports
 * this one.
 * {@code node} is the top of the build: no module imports it (docs/architecture.md, "Modules").
 */
package org.giggossip.app.cli;

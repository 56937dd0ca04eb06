/**
 * The node's INI configuration (docs/operations.md, "Running a node";
 * docs/design.md, "Node configuration and store"):
 * {@link org.giggossip.node.config.IniFile} reads the syntax strictly, every
 * error naming file and line; {@link org.giggossip.node.config.NodeConfig}
 * gives it meaning, with the VoidPhone keys of
 * docs/specs/voidphone-gossip-api.md exactly as written there and our
 * {@code [node]}, {@code [settler]} and {@code [wallet]} sections taking
 * documented defaults. Unknown sections are skipped with a warning (other
 * VoidPhone modules share the file); unknown keys in our sections are refused.
 * {@code node/config/node.ini.example} is a complete, commented example.
 *
 * <p>It may not import the daemon, the store, the host, the app API or the command line.
 * {@code node} is the top of the build: no module imports it (docs/architecture.md, "Modules").
 */
package org.giggossip.node.config;

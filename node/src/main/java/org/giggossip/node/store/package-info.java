/**
 * The node's durable state in SQLite (docs/architecture.md, "Durable state" and "Stores"):
 * {@link org.giggossip.node.store.NodeStore} opens the file (WAL,
 * {@code synchronous=FULL}), applies the Flyway migrations under {@code db/node}
 * (adopting a file written before Flyway, see {@code Migrations}) and hands out the
 * repositories for jobs and offers, invoices, preimages and the peer address
 * book. Every write commits before it returns, and the daemon acts on an engine
 * output only after the write it depends on has returned (the rule is spelt out
 * on {@code NodeStore}). Untrusted values are checked before anything is
 * written, and the tables repeat the checks.
 *
 * <p>Plain JDBC (and Flyway, through {@code org.giggossip.store.FlywaySqlite}) on one
 * SQLite file: it may not import the daemon, the host, the app API or the command line.
 * {@code node} is the top of the build: no module imports it (docs/architecture.md, "Modules").
 */
package org.giggossip.node.store;

/**
 * The settler daemon ({@code gg settler}; docs/settler.md, docs/operations.md,
 * "Running a settler"): {@link org.giggossip.node.settler.SettlerDaemon} assembles the
 * service of module {@code settler} with its keys, its database, its wallet (the
 * embedded ledger or LND), its HTTP API, metrics and Dave.
 *
 * <p>It may not import the node daemon, its store, its host or the command line.
 * {@code node} is the top of the build: no module imports it (docs/architecture.md, "Modules").
 */
package org.giggossip.node.settler;

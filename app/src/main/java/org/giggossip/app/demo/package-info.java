/**
 * {@code gg demo} (docs/demo.md): the whole protocol in one process over real TCP on
 * 127.0.0.1, with an embedded settler and ledger or a running {@code gg settler}; its
 * readable timeline and its JSON report.
 *
 * <p>It runs engines through {@code node.host}; it may not import the daemon, the
 * store, the app API or the command line.
 * {@code node} is the top of the build: no module imports it (docs/architecture.md, "Modules").
 */
package org.giggossip.app.demo;

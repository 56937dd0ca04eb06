/**
 * The node's app API (docs/operations.md, "The app API"): the
 * {@link org.giggossip.node.api.NodeApi} an application drives (customer, worker,
 * operator), the {@link org.giggossip.node.api.AppModel} of jobs, offers and work built
 * from the engine's events, the HTTP/JSON {@link org.giggossip.node.api.ApiServer}
 * with its bearer token, server-sent events and OpenAPI document, and the
 * {@link org.giggossip.node.api.ApiClient} of the {@code gg} commands.
 *
 * <p>It renders a {@code NodeApi}, whoever implements it: it may not import the
 * daemon, the host or the command line.
 * {@code node} is the top of the build: no module imports it (docs/architecture.md, "Modules").
 */
package org.giggossip.node.api;

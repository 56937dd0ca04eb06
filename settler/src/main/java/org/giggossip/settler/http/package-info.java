/**
 * The settler's HTTP/JSON API (docs/settler.md, "What it serves"):
 * {@link org.giggossip.settler.http.SettlerHttpServer}, the routes (public, signed,
 * admin, regtest wallet), their JSON bodies, server-sent events, and the OpenAPI
 * document made from the same route list.
 * The server, its limits, the router, the problem+json errors and the event-stream writer
 * are the one HTTP layer's ({@code org.giggossip.http}, docs/http.md); refusals come from
 * its fixed set ({@link org.giggossip.http.HttpRefusal}).
 *
 * <p>Like all of {@code settler}, it uses only {@code core} and {@code http}: it may not import
 * {@code net}, {@code lightning}, {@code sim} or {@code node} (docs/architecture.md, "Modules").
 * Within {@code settler} it serves a {@code SettlerBackend} and never touches the
 * database ({@code settler.db}) directly.
 */
package org.giggossip.settler.http;

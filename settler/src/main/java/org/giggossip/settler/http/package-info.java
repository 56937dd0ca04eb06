/**
 * The settler's HTTP/JSON API (docs/settler.md, "What it serves"):
 * {@link org.giggossip.settler.http.SettlerHttpServer}, the routes (public, signed,
 * admin, regtest wallet), their JSON bodies, server-sent events, and the OpenAPI
 * document made from the same route list.
 * Bodies are size-checked before they are read; refusals come from a fixed set
 * ({@link org.giggossip.settler.http.HttpRefusal}).
 *
 * <p>Like all of {@code settler}, it uses only {@code core}: it may not import
 * {@code net}, {@code lightning}, {@code sim} or {@code node} (docs/architecture.md, "Modules").
 * Within {@code settler} it serves a {@code SettlerBackend} and never touches the
 * database ({@code settler.db}) directly.
 */
package org.giggossip.settler.http;

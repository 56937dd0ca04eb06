/**
 * The one HTTP layer of every server we run (the settler service, the node's app API, its
 * {@code /metrics}, the web app to come): Jetty 12's core API configured from an
 * {@link org.giggossip.http.HttpConfig} (TLS from PEM files, plain HTTP only on loopback unless
 * allowed, header and body limits, a whole-request read deadline, connection caps), one
 * {@link org.giggossip.http.Router}, one error body ({@link org.giggossip.http.HttpProblem},
 * {@code application/problem+json}), one event-stream writer
 * ({@link org.giggossip.http.ServerSentEvents}), caps on long-lived answers
 * ({@link org.giggossip.http.StreamLimits}) and static files
 * ({@link org.giggossip.http.StaticFiles}); and one JSON set-up ({@link org.giggossip.http.json.CoreJson}).
 * Of our modules it uses only {@code core} (for the JSON of its value types) and knows no route
 * of any service; docs/http.md says why Jetty.
 */
package org.giggossip.http;

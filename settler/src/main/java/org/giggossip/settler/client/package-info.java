/**
 * The clients of a settler service over its HTTP API (docs/settler.md, "Nodes on a
 * settler service"): a node's {@link org.giggossip.settler.client.HttpSettlerClient}
 * and {@link org.giggossip.settler.client.HttpRegtestWallet}, the administrator's
 * {@link org.giggossip.settler.client.SettlerAdminClient}, the signed low-level
 * {@link org.giggossip.settler.client.SettlerHttp}, retries with their call ids,
 * long polls and the outage log.
 *
 * <p>Like all of {@code settler}, it uses only {@code core}: it may not import
 * {@code net}, {@code lightning}, {@code sim} or {@code node} (docs/architecture.md, "Modules").
 * Within {@code settler} it uses the request signing and the API's bodies, never the
 * service or the database ({@code settler.service}, {@code settler.db}).
 */
package org.giggossip.settler.client;

/**
 * A running payment settler (docs/settler.md, "Crashes"):
 * {@link org.giggossip.settler.service.SettlerService} runs {@code core}'s sans-I/O
 * settler on one thread of its own and commits the rows and notices of every input
 * before any answer or wallet request leaves; the contracts the HTTP layer and the
 * database fulfil ({@link org.giggossip.settler.service.SettlerBackend},
 * {@link org.giggossip.settler.service.SettlerDatabase}).
 *
 * <p>Like all of {@code settler}, it uses only {@code core}: it may not import
 * {@code net}, {@code lightning}, {@code sim} or {@code node} (docs/architecture.md, "Modules").
 * It knows no HTTP and no SQL: those are {@code settler.http}'s and {@code settler.db}'s.
 */
package org.giggossip.settler.service;

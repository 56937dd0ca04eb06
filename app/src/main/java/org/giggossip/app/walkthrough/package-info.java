/**
 * {@code gg walkthrough}: one taxi job carried frame by frame through the building
 * blocks of whitepaper §3, every frame encoded and decoded, printed as a timeline. A
 * scaffold written before the engine (docs/design.md); {@code gg demo} runs the real
 * protocol.
 *
 * <p>It uses {@code core} only: no sockets, no engine, and no other package of
 * {@code node}.
 * {@code node} is the top of the build: no module imports it (docs/architecture.md, "Modules").
 */
package org.giggossip.app.walkthrough;

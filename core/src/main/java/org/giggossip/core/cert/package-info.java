/**
 * Certificates and revocation (whitepaper §3.2; docs/protocol.md §3): the
 * settler's {@link org.giggossip.core.cert.CertificateAuthority}, which issues
 * certificates and signs versioned revocation lists; a node's
 * {@link org.giggossip.core.cert.TrustStore} of trusted authorities and their
 * latest lists; the {@link org.giggossip.core.cert.CertificateValidator}, which
 * judges certificates and what they sign, cheapest check first; and
 * {@link org.giggossip.core.cert.SignatureChecks} over the exact signed bytes.
 *
 * <p>Sans-I/O, like all of {@code core}: no sockets, files, threads or system clock,
 * and no module of ours (docs/style.md 1 and 9).
 * Time comes from an injected {@link java.time.Clock}.
 */
package org.giggossip.core.cert;

package org.giggossip.net.link;

/**
 * Counters of one node's links since start.
 *
 * @param links        admitted links up now
 * @param connections  TCP connections open now, admitted or not
 * @param admitted     connections that passed handshake and admission
 * @param closed       connections closed, for any reason
 * @param received     messages delivered to the listener
 * @param sent         messages queued to peers
 * @param refusedSends sends refused because the peer's outbound queue was full
 * @param dialFailures dials that did not reach a TCP connection
 */
public record LinkStats(int links, int connections, long admitted, long closed, long received, long sent,
        long refusedSends, long dialFailures) {}

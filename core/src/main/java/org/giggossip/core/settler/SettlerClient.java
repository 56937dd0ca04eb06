package org.giggossip.core.settler;

import org.giggossip.core.crypto.PublicKey;

/**
 * How a node reaches payment settlers: the one interface the node daemon, the
 * demo and the simulator carry the engine's {@link SettlerRequest}s through,
 * whatever lies between (a method call in the simulator, our BOLT 8 links, the
 * settler's HTTP service). Answers and the settler's later notices (callId 0) go
 * to the sink the client was made with, never inside {@link #send}. A request
 * that cannot be carried (no route to that settler, the service did not answer)
 * is answered with {@link SettlerResponse.Refused} for its callId.
 */
public interface SettlerClient {

    /** Carries {@code request} to the settler whose key is {@code settler}. */
    void send(PublicKey settler, SettlerRequest request);
}

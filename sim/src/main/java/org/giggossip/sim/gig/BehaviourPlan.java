package org.giggossip.sim.gig;

import java.util.SplittableRandom;

/**
 * Decides which nodes misbehave and how (seed 000, 4.3). The standard plan
 * draws each behaviour's share of nodes at random from the parameters
 * {@code silent}, {@code chatterbox}, {@code spammer}, {@code censor} and
 * {@code covert}; {@code censor} and {@code sybil} act against one target
 * customer, and {@code sybil} is the share of the target's own peers that are
 * Sybil identities (an eclipse attempt).
 */
@FunctionalInterface
public interface BehaviourPlan {

    /** Fills {@code behaviour} (all HONEST on entry) and may choose {@code world.target}. */
    void assign(World world, Behaviour[] behaviour, SplittableRandom random);

    /** The plan described above. */
    BehaviourPlan STANDARD = (world, behaviour, random) -> {
        SimParams p = world.params;
        int n = behaviour.length;
        boolean targeted = p.real("censor") > 0 || p.real("sybil") > 0;
        if (targeted) {
            world.target = random.nextInt(n);
        }
        Behaviour[] kinds = {Behaviour.SILENT, Behaviour.CHATTERBOX, Behaviour.SPAMMER, Behaviour.CENSOR,
            Behaviour.COVERT_FLASH};
        String[] shares = {"silent", "chatterbox", "spammer", "censor", "covert"};
        for (int k = 0; k < kinds.length; k++) {
            int count = (int) Math.round(p.real(shares[k]) * n);
            int placed = 0;
            for (int tries = 0; placed < count && tries < 20 * n; tries++) {
                int i = random.nextInt(n);
                if (behaviour[i] == Behaviour.HONEST && i != world.target) {
                    behaviour[i] = kinds[k];
                    placed++;
                }
            }
        }
        if (p.real("sybil") > 0) {
            int[] around = world.topology.neighbors(world.target);
            int count = (int) Math.round(p.real("sybil") * around.length);
            for (int k = 0; k < count; k++) {
                behaviour[around[k]] = Behaviour.SYBIL;
            }
        }
    };
}

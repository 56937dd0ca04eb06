package org.giggossip.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloserTest {
    @Test
    void partsCloseLastFirstAndAFailureDoesNotStopTheRest() {
        List<String> closed = new ArrayList<>();
        Closer closer = new Closer();
        closer.add("store", () -> closed.add("store"));
        closer.add("broken", () -> {
            closed.add("broken");
            throw new IllegalStateException("cannot close");
        });
        closer.add("api", () -> closed.add("api"));
        closer.close();
        assertThat(closed).containsExactly("api", "broken", "store");
        closer.close(); // each part closes once
        assertThat(closed).hasSize(3);
    }
}

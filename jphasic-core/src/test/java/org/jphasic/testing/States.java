package org.jphasic.testing;

import java.util.Arrays;
import org.jphasic.graph.Graph;

/** Finds vertices by state, the way acceptance-values.md names them ("(1,1) 0.044643"). */
public final class States {
    private States() {
    }

    /**
     * The non-start vertex with the given state (the start is vertex 0 and is never matched, so the absorbing
     * (0, 0) of the rabbit model is found even though the start's state is all zeros too).
     *
     * @throws AssertionError if no vertex or more than one vertex has the state
     */
    public static int vertex(Graph g, int... state) {
        int found = -1;
        for (int v = 1; v < g.vertexCount(); v++) {
            if (Arrays.equals(g.state(v), state)) {
                if (found >= 0) {
                    throw new AssertionError("vertices " + found + " and " + v + " both have state "
                            + Arrays.toString(state));
                }
                found = v;
            }
        }
        if (found < 0) {
            throw new AssertionError("no vertex has state " + Arrays.toString(state) + " in " + g);
        }
        return found;
    }
}

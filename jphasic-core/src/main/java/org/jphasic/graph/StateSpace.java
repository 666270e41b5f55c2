package org.jphasic.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.jphasic.InvalidGraphException;
import org.jphasic.PhasicException;
import org.jphasic.ProgressListener;

/**
 * Builds a graph by exploring the state space of a {@link TransitionFunction} from an initial distribution
 * (Røikjer, Hobolth &amp; Munch 2022, Algorithm 1).
 *
 * <p>Vertices are visited once each, in creation order, with a work list rather than recursion, so state
 * spaces of millions of states need only memory. Each state is looked up in a hash table of flat state arrays.
 * Cost O(|V| + |E|) plus the callback's own work.
 *
 * <pre>{@code
 * int n = 10;
 * Graph kingman = StateSpace.of(1)
 *         .initial(new int[] {n}, 1.0)
 *         .explore((state, out) -> {
 *             int k = state[0];
 *             if (k > 1) {
 *                 out.add(new int[] {k - 1}, k * (k - 1) / 2.0);
 *             }
 *         });
 * }</pre>
 */
public final class StateSpace {
    private final int stateLength;
    private int parameterCount;
    private boolean discrete;
    private final List<int[]> initialStates = new ArrayList<>();
    private final List<Double> initialProbabilities = new ArrayList<>();
    /** The listener {@link #reportingTo} installs for the state spaces created on its thread meanwhile. */
    private static final ThreadLocal<ProgressListener> SCOPED = new ThreadLocal<>();

    private ProgressListener progress;

    private StateSpace(int stateLength) {
        this.stateLength = stateLength;
        ProgressListener scoped = SCOPED.get();
        this.progress = scoped == null ? ProgressListener.NONE : scoped;
    }

    /**
     * Runs {@code build} with {@code listener} as the progress listener of every state space created on this
     * thread while it runs (unless one sets its own with {@link #progress}), so that code which builds a model
     * inside — the factories of {@code org.jphasic.model}, for instance — reports its exploration without taking
     * a listener itself. Scopes nest; the previous listener is restored afterwards, also on an exception.
     *
     * <pre>{@code
     * Graph g = StateSpace.reportingTo(listener, () -> Rabbits.graph(1000, 2, 4));
     * }</pre>
     *
     * @param listener the listener ({@code null} for none)
     * @param build    what builds the graph
     * @param <T>      what it returns
     * @return what {@code build} returns
     */
    public static <T> T reportingTo(ProgressListener listener, Supplier<T> build) {
        ProgressListener previous = SCOPED.get();
        SCOPED.set(listener == null ? ProgressListener.NONE : listener);
        try {
            return build.get();
        } finally {
            if (previous == null) {
                SCOPED.remove();
            } else {
                SCOPED.set(previous);
            }
        }
    }

    /**
     * Starts describing a state space.
     *
     * @param stateLength the length of every state vector
     * @return a new description
     */
    public static StateSpace of(int stateLength) {
        if (stateLength < 1) {
            throw new IllegalArgumentException("stateLength must be >= 1, got " + stateLength);
        }
        return new StateSpace(stateLength);
    }

    /**
     * Declares the number of parameters of parameterized transitions.
     *
     * @param count the length of θ
     * @return this description
     */
    public StateSpace parameters(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("parameter count must be >= 0, got " + count);
        }
        this.parameterCount = count;
        return this;
    }

    /**
     * Makes the model discrete: transition weights are jump probabilities.
     *
     * @return this description
     */
    public StateSpace discrete() {
        this.discrete = true;
        return this;
    }

    /**
     * Adds a state to the initial distribution.
     *
     * @param state       the state. Not modified.
     * @param probability its initial probability; all of them sum to at most one (the rest is the defect)
     * @return this description
     */
    public StateSpace initial(int[] state, double probability) {
        if (state == null || state.length != stateLength) {
            throw new InvalidGraphException("initial state " + Arrays.toString(state)
                    + " has the wrong length; every state has length " + stateLength);
        }
        initialStates.add(state.clone());
        initialProbabilities.add(probability);
        return this;
    }

    /**
     * Sets where progress is reported (task {@code "exploring states"}, total unknown).
     *
     * @param listener the listener
     * @return this description
     */
    public StateSpace progress(ProgressListener listener) {
        this.progress = listener == null ? ProgressListener.NONE : listener;
        return this;
    }

    /**
     * Explores every state reachable from the initial distribution and builds the graph.
     *
     * @param function the model
     * @return the validated graph
     * @throws InvalidGraphException if the model is not a valid phase-type model (see {@link GraphBuilder})
     * @throws PhasicException       wrapping any exception thrown by {@code function}, naming the state
     */
    public Graph explore(TransitionFunction function) {
        if (initialStates.isEmpty()) {
            throw new InvalidGraphException("no initial state: call initial(state, probability) before explore");
        }
        GraphBuilder builder = new GraphBuilder(stateLength, parameterCount);
        if (discrete) {
            builder.discrete();
        }
        for (int i = 0; i < initialStates.size(); i++) {
            int v = builder.findOrCreateVertex(initialStates.get(i));
            builder.addEdge(Graph.START, v, initialProbabilities.get(i));
        }
        int[] state = new int[stateLength];
        Sink sink = new Sink(builder);
        long reportEvery = 1 << 14;
        for (int v = 1; v < builder.vertexCount(); v++) {
            builder.stateOf(v, state);
            sink.from = v;
            try {
                function.transitions(state, sink);
            } catch (PhasicException e) {
                throw e;
            } catch (RuntimeException e) {
                int[] original = new int[stateLength];
                builder.stateOf(v, original);
                throw new PhasicException("the transition function failed at state " + Arrays.toString(original)
                        + " (vertex " + v + "): " + e, e);
            }
            if ((v & (reportEvery - 1)) == 0) {
                progress.update("exploring states", v, -1);
            }
        }
        progress.update("exploring states", builder.vertexCount(), builder.vertexCount());
        return builder.build();
    }

    private static final class Sink implements Transitions {
        private final GraphBuilder builder;
        int from;

        Sink(GraphBuilder builder) {
            this.builder = builder;
        }

        @Override
        public void add(int[] target, double rate) {
            builder.addEdge(from, builder.findOrCreateVertex(target), rate);
        }

        @Override
        public void addParameterized(int[] target, double... coefficients) {
            builder.addParameterizedEdge(from, builder.findOrCreateVertex(target), coefficients);
        }
    }
}

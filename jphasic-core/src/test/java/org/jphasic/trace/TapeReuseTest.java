package org.jphasic.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jphasic.graph.Graph;
import org.jphasic.hierarchy.UnitPlanner;
import org.jphasic.hierarchy.WorkUnit;
import org.jphasic.model.Rabbits;
import org.jphasic.testing.FreshThreads;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.junit.jupiter.api.Test;

/**
 * A thread's tapes pass their tables and arrays on to its next tape: what a thread recorded before must not show
 * in what it records next. Traces recorded one after another on one thread — large and small, parameterized and
 * constant, whole graphs and work units — equal those recorded each on a fresh thread, bit for bit.
 */
class TapeReuseTest {
    @Test
    void tracesDoNotDependOnWhatTheThreadRecordedBefore() throws Exception {
        List<TraceSource> sources = new ArrayList<>();
        for (long seed = 0; seed < 24; seed++) {
            // large graphs, whose tables outgrow what is kept, between small ones, whose tables are kept
            int max = seed % 4 == 0 ? 3_000 : 10 + (int) seed * 5;
            int parameters = seed % 3 == 2 ? 0 : 1 + (int) seed % 4;
            sources.add(TraceSource.of(RandomGraphs.random(seed, new Options(2, max, parameters, false, true, 0.8))
                    .build()));
        }
        Graph rabbits = Rabbits.parameterized(30);
        for (WorkUnit unit : UnitPlanner.plan(rabbits, 3)) {
            sources.add(unit);
        }
        sources.add(TraceSource.of(rabbits));
        List<Trace> fresh = FreshThreads.map(sources, TraceRecorder::record);
        for (int round = 0; round < 2; round++) {
            for (int i = sources.size() - 1; i >= 0; i--) {
                assertThat(TraceRecorder.record(sources.get(i))).as("source %d, round %d", i, round)
                        .isEqualTo(fresh.get(i));
            }
        }
    }
}

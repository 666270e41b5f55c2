package org.jphasic.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jphasic.graph.Graph;
import org.jphasic.model.Rabbits;
import org.jphasic.testing.DenseOracle;
import org.jphasic.testing.Tolerance;
import org.junit.jupiter.api.Test;

/**
 * A trace's replay tables are built by the first evaluator that asks, not with the trace: evaluators started
 * together on a fresh trace, on several threads, must all get the moments of the dense formula.
 */
class TraceTablesTest {
    @Test
    void evaluatorsStartedTogetherOnAFreshTraceAgree() throws Exception {
        Graph g = Rabbits.parameterized(12);
        double[] theta = {1.0, 2.0, 4.0};
        double[] expected = new DenseOracle(g.at(theta)).moments(2, null);
        Trace recorded = TraceRecorder.record(g);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 20; round++) {
                // a fresh trace every round (decoded: nothing built yet), used first by four threads at once
                Trace fresh = TraceEncoding.decode(ByteBuffer.wrap(TraceEncoding.encode(recorded)));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<double[]>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        TraceEvaluator ev = new TraceEvaluator(fresh);
                        ev.evaluate(theta);
                        return ev.moments().moments(2);
                    }));
                }
                start.countDown();
                for (Future<double[]> f : results) {
                    double[] m = f.get();
                    Tolerance.assertRelativelyClose(m, expected, 1e-9, "round " + round);
                    assertThat(m).isEqualTo(results.get(0).get());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

package org.jphasic.hierarchy;

import java.nio.file.Path;
import org.jphasic.cache.DiskTraceStore;
import org.jphasic.exec.Strategy;
import org.jphasic.model.Rabbits;
import org.jphasic.trace.TraceEvaluator;

/** A separate JVM for {@link ConcurrentProcessesTest}: records the parameterized rabbits into a shared cache. */
public final class ConcurrentRecordingMain {
    private ConcurrentRecordingMain() {
    }

    public static void main(String[] args) {
        RecordingResult r = HierarchicalRecorder.builder().minComponentSize(2).strategy(Strategy.THREADS)
                .store(DiskTraceStore.open(Path.of(args[0]))).build().record(Rabbits.parameterized(60));
        TraceEvaluator ev = new TraceEvaluator(r.trace());
        ev.evaluate(new double[] {1, 2, 4});
        System.out.println(Double.toString(ev.moments().expectation()));
    }
}

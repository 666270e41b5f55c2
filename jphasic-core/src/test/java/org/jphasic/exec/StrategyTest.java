package org.jphasic.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.jphasic.ClusterException;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.hierarchy.HierarchicalRecorder;
import org.jphasic.hierarchy.UnitPlanner;
import org.jphasic.hierarchy.WorkUnit;
import org.jphasic.model.Rabbits;
import org.junit.jupiter.api.Test;

/** The strategy names and the messages of ARCHITECTURE.md, one test each. */
class StrategyTest {
    @Test
    void invalidNameListsTheValidOnes() {
        assertThatThrownBy(() -> Strategy.parse("thredas")).isInstanceOf(ParameterException.class)
                .hasMessage("Invalid parallelization strategy: 'thredas'\n"
                        + "  Valid options: 'auto', 'sequential', 'threads', 'cluster'");
    }

    @Test
    void phasicNamesAreAliases() {
        assertThat(Strategy.parse("vmap")).isEqualTo(Strategy.THREADS);
        assertThat(Strategy.parse("pmap")).isEqualTo(Strategy.CLUSTER);
        assertThat(Strategy.parse("Sequential")).isEqualTo(Strategy.SEQUENTIAL);
        assertThat(Strategy.parse("auto")).isEqualTo(Strategy.AUTO);
    }

    @Test
    void clusterWithoutConfigurationSaysHowToStartWorkers() {
        assertThatThrownBy(() -> WorkExecutors.open(ExecutionSettings.local(Strategy.CLUSTER), 3))
                .isInstanceOf(ClusterException.class)
                .hasMessageStartingWith("Cannot use strategy='cluster': no cluster configured")
                .hasMessageContaining("jphasic worker --join").hasMessageContaining("--strategy threads");
    }

    @Test
    void clusterWithoutTheClusterModuleSaysSo() {
        ExecutionSettings settings = new ExecutionSettings(Strategy.CLUSTER, 0, List.of("127.0.0.1:5701"),
                "jphasic", Duration.ofSeconds(1));
        assertThatThrownBy(() -> WorkExecutors.open(settings, 3)).isInstanceOf(ClusterException.class)
                .hasMessageContaining("jphasic-cluster module is not on the class path")
                .hasMessageContaining("--strategy threads");
    }

    @Test
    void autoChoosesByCoresAndUnits() {
        try (WorkExecutor one = WorkExecutors.open(ExecutionSettings.local(Strategy.AUTO), 1)) {
            assertThat(one.name()).isEqualTo("sequential");
        }
        boolean multicore = Runtime.getRuntime().availableProcessors() > 1;
        try (WorkExecutor many = WorkExecutors.open(ExecutionSettings.local(Strategy.AUTO), 10)) {
            assertThat(many.name()).isEqualTo(multicore ? "threads(" + Runtime.getRuntime().availableProcessors()
                    + ")" : "sequential");
        }
    }

    @Test
    void aFailingUnitFailsTheRecordingNamingItsKey() {
        Graph g = Rabbits.parameterized(5);
        WorkUnit unit = UnitPlanner.plan(g, 1).get(2);
        UnitTask broken = new UnitTask() {
            @Override
            public String key() {
                return unit.key();
            }

            @Override
            public org.jphasic.trace.TraceSource source() {
                throw new IllegalStateException("broken unit data");
            }

            @Override
            public byte[] toBytes() {
                return unit.toBytes();
            }

            @Override
            public int vertexCount() {
                return unit.vertexCount();
            }
        };
        for (WorkExecutor executor : List.of(WorkExecutors.sequential(), WorkExecutors.threads(2))) {
            try (executor) {
                assertThatThrownBy(() -> executor.record(List.of(unit, broken, unit),
                        org.jphasic.ProgressListener.NONE)).isInstanceOf(RecordingException.class)
                        .hasMessageContaining(unit.key()).hasMessageContaining("broken unit data")
                        .satisfies(e -> assertThat(((RecordingException) e).unitKey()).isEqualTo(unit.key()));
            }
        }
        assertThat(HierarchicalRecorder.builder()).isNotNull();
    }
}

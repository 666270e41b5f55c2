package org.jphasic.hierarchy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jphasic.cache.DiskTraceStore;
import org.jphasic.model.Rabbits;
import org.jphasic.moments.Moments;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs recording the same model into one cache at once both finish right, and the cache verifies clean. */
@Tag("slow")
class ConcurrentProcessesTest {
    @Test
    void twoProcessesRecordingIntoOneCacheBothFinishCorrectly(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ConcurrentRecordingMain.class.getName(), dir.toString()).redirectErrorStream(true).start());
        }
        double expected = Moments.of(Rabbits.parameterized(60).at(new double[] {1, 2, 4})).expectation();
        for (Process p : processes) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("process finished in time").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(p.exitValue()).as(out).isZero();
            String[] lines = out.split("\\R");
            assertRelativelyClose(Double.parseDouble(lines[lines.length - 1]), expected, 1e-9, "E from a process");
        }
        DiskTraceStore.Summary summary = DiskTraceStore.open(dir).verify();
        assertThat(summary.corrupt()).isEmpty();
        assertThat(summary.graphEntries()).isEqualTo(1);
        assertThat(summary.unitEntries()).isGreaterThan(10);
    }
}

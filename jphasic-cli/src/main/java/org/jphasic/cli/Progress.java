package org.jphasic.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jphasic.ProgressListener;

/**
 * Progress bars on stderr for the library's {@link ProgressListener} reports — only when stderr is a terminal
 * and not {@code --quiet}; otherwise nothing is printed. One bar per task name; thread-safe.
 */
final class Progress implements ProgressListener, AutoCloseable {
    private final Map<String, ProgressBar> bars = new HashMap<>();
    private final boolean enabled;

    private Progress(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * @param quiet whether the user asked for quiet
     * @return a listener that shows bars if stderr is a terminal
     */
    static Progress onStderr(boolean quiet) {
        return new Progress(!quiet && stderrIsTerminal());
    }

    static boolean stderrIsTerminal() {
        try {
            Path fd = Path.of("/proc/self/fd/2");
            if (Files.isSymbolicLink(fd)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not Linux: fall back to the console test below
        }
        return System.console() != null;
    }

    @Override
    public synchronized void update(String task, long done, long total) {
        if (!enabled) {
            return;
        }
        ProgressBar bar = bars.computeIfAbsent(task, t -> new ProgressBarBuilder().setTaskName(t)
                .setInitialMax(total).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build());
        if (total >= 0 && bar.getMax() != total) {
            bar.maxHint(total);
        }
        bar.stepTo(done);
        if (total >= 0 && done >= total) {
            bar.close();
            bars.remove(task);
        }
    }

    @Override
    public synchronized void close() {
        bars.values().forEach(ProgressBar::close);
        bars.clear();
    }
}

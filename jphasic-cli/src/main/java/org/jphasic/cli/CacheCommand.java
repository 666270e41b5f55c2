package org.jphasic.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jphasic.cache.DiskTraceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jphasic cache info | verify | clear [--cache-dir D]}. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = "Inspects, verifies or clears the trace cache.",
        subcommands = {CacheCommand.Info.class, CacheCommand.Verify.class, CacheCommand.Clear.class})
final class CacheCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: give 'info', 'verify' or 'clear' (see jphasic cache --help)");
    }

    /** Options of every cache subcommand. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--cache-dir", paramLabel = "DIR",
                description = "Trace cache directory (default: $JPHASIC_CACHE_DIR, else ~/.cache/jphasic).")
        Path cacheDir;

        @Option(names = "--json", description = "Print entries, bytes and corrupt as JSON.")
        boolean json;

        DiskTraceStore store() {
            return DiskTraceStore.open(RecordingOptions.cacheRoot(cacheDir));
        }

        int print(DiskTraceStore.Summary summary, List<Path> corrupt, String action) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("directory", store().root().toString());
            result.put("entries", summary.entries());
            result.put("graphEntries", summary.graphEntries());
            result.put("unitEntries", summary.unitEntries());
            result.put("bytes", summary.bytes());
            result.put("corrupt", corrupt.stream().map(Path::toString).toList());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, result);
            } else {
                out.printf("%s%s: %,d entries (%,d graphs, %,d units), %,d bytes%n", action,
                        store().root(), summary.entries(), summary.graphEntries(), summary.unitEntries(),
                        summary.bytes());
                for (Path p : corrupt) {
                    out.println("corrupt: " + p);
                }
                out.flush();
            }
            return 0;
        }
    }

    /** {@code jphasic cache info}. */
    @Command(name = "info", mixinStandardHelpOptions = true, description = "Counts the cache's entries and bytes.")
    static final class Info extends Base {
        @Override
        public Integer call() {
            return print(store().info(), List.of(), "");
        }
    }

    /** {@code jphasic cache verify}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Reads every entry and checks its checksum, body and key; changes nothing. "
                    + "Damaged entries are listed (a later recording removes and recomputes them).")
    static final class Verify extends Base {
        @Override
        public Integer call() {
            DiskTraceStore.Summary s = store().verify();
            return print(s, s.corrupt(), "verified ");
        }
    }

    /** {@code jphasic cache clear}. */
    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Deletes every cache entry.")
    static final class Clear extends Base {
        @Override
        public Integer call() {
            DiskTraceStore store = store();
            long deleted = store.clear();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("directory", store.root().toString());
                result.put("deleted", deleted);
                result.put("entries", 0);
                result.put("bytes", 0);
                result.put("corrupt", List.of());
                Output.json(out, result);
            } else {
                out.printf("cleared %s: %,d entries deleted%n", store.root(), deleted);
                out.flush();
            }
            return 0;
        }
    }
}

package org.jphasic.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.jphasic.PhasicException;
import org.jphasic.exec.RecordingException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code jphasic} command. Exit codes: 0 success, 2 bad input (a message on stderr naming what was wrong
 * and what to do), 1 internal failure. Stack traces only with {@code --debug}.
 */
@Command(name = "jphasic", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Phase-type distributions from state-space graphs: exact moments, distributions, "
                + "parameterized elimination traces.",
        subcommands = {ModelCommand.class, MomentsCommand.class, PdfCommand.class, SampleCommand.class,
            JsfsCommand.class, TraceCommand.class, CacheCommand.class, PlotCommand.class, InferCommand.class,
            WorkerCommand.class, DemoCommand.class},
        usageHelpAutoWidth = true)
public final class Main implements Runnable {
    /** Exit code for bad input. */
    public static final int BAD_INPUT = 2;
    /** Exit code for an internal failure. */
    public static final int INTERNAL = 1;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Log everything and show stack traces.")
    boolean debug;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Log progress information.")
    boolean verbose;

    @Option(names = "--quiet", scope = ScopeType.INHERIT, description = "Log only errors.")
    boolean quiet;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "missing command: give one of "
                + String.join(", ", new CommandLine(this).getSubcommands().keySet())
                + " (see jphasic --help)");
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line with the given streams (for tests).
     *
     * @param args the arguments
     * @param out  standard output
     * @param err  standard error
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionStrategy(parseResult -> {
            configureLogging(main);
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setParameterExceptionHandler((ex, args1) -> {
            StringBuilder message = new StringBuilder("jphasic: ").append(ex.getMessage().strip());
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                message.append(" (did you mean: ").append(String.join(", ", u.getSuggestions())).append("?)");
            }
            message.append("; run '").append(ex.getCommandLine().getCommandSpec().qualifiedName())
                    .append(" --help' for usage");
            err.println(message.toString().replace('\n', ' '));
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            int code = exitCode(ex);
            err.println("jphasic: " + message(ex, code));
            if (main.debug) {
                ex.printStackTrace(err);
            }
            return code;
        });
        return cl.execute(args);
    }

    /**
     * @param spec any command's spec
     * @return whether {@code --quiet} was given
     */
    static boolean quiet(CommandLine.Model.CommandSpec spec) {
        CommandLine root = spec.commandLine();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return ((Main) root.getCommand()).quiet;
    }

    private static int exitCode(Exception ex) {
        if (ex instanceof RecordingException) {
            return INTERNAL;
        }
        if (ex instanceof PhasicException || ex instanceof CommandLine.ParameterException) {
            return BAD_INPUT;
        }
        if (ex instanceof UncheckedIOException u && isInputProblem(u.getCause())) {
            return BAD_INPUT;
        }
        if (isInputProblem(ex)) {
            return BAD_INPUT;
        }
        return INTERNAL;
    }

    private static boolean isInputProblem(Throwable t) {
        return t instanceof NoSuchFileException || t instanceof AccessDeniedException;
    }

    private static String message(Exception ex, int code) {
        Throwable t = ex instanceof UncheckedIOException ? ex.getCause() : ex;
        if (t instanceof NoSuchFileException) {
            return "no such file: " + t.getMessage();
        }
        if (t instanceof AccessDeniedException) {
            return "permission denied: " + t.getMessage();
        }
        if (code == BAD_INPUT) {
            return t.getMessage();
        }
        if (t instanceof IOException) {
            return "I/O error: " + t.getMessage();
        }
        return "internal error: " + t + " (run again with --debug for the stack trace, and please report it)";
    }

    private static void configureLogging(Main main) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(main.debug ? Level.DEBUG : main.verbose ? Level.INFO : main.quiet ? Level.ERROR : Level.WARN);
        // Hazelcast's client warns at every failed connection attempt; the cluster's own error says it once
        ((Logger) LoggerFactory.getLogger("com.hazelcast.client.impl.connection"))
                .setLevel(main.debug || main.verbose ? null : Level.ERROR);
    }
}

package org.jphasic.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jphasic.cache.DiskTraceStore;
import org.jphasic.cache.MemoryTraceStore;
import org.jphasic.dist.Sampler;
import org.jphasic.dist.Uniformization;
import org.jphasic.exec.Strategy;
import org.jphasic.graph.Graph;
import org.jphasic.graph.StateSpace;
import org.jphasic.hierarchy.HierarchicalRecorder;
import org.jphasic.hierarchy.RecordingResult;
import org.jphasic.infer.Inference;
import org.jphasic.infer.InferenceResult;
import org.jphasic.infer.PhaseTypeLikelihood;
import org.jphasic.infer.Prior;
import org.jphasic.infer.Priors;
import org.jphasic.infer.StepSchedule;
import org.jphasic.model.Coalescent;
import org.jphasic.moments.Moments;
import org.jphasic.plot.Plots;
import org.jphasic.trace.TraceEvaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jphasic demo}: the main job on the embedded default (local threads, local disk cache), end to end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the main job end to end on this machine: the block-counting coalescent, its exact "
                + "site frequency spectrum and TMRCA moments, a parameterized trace recorded per component into the "
                + "local disk cache (run it twice to see the cache hits), the likelihood of a simulated data set "
                + "over a theta grid, a Bayesian posterior of theta from the same data by Stein variational gradient "
                + "descent (SVGD, with a progress bar on stderr when it is a terminal), and PNG plots."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--samples", defaultValue = "30", paramLabel = "N",
            description = "Sample size of the coalescent (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--output-dir", defaultValue = "jphasic-demo", paramLabel = "DIR",
            description = "Where the plots go (default ./${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Trace cache directory (default: $JPHASIC_CACHE_DIR, else ~/.cache/jphasic).")
    Path cacheDir;

    @Override
    public Integer call() throws IOException {
        if (samples < 2 || samples > 60) {
            throw new org.jphasic.ParameterException("--samples must be between 2 and 60, got " + samples);
        }
        PrintWriter out = spec.commandLine().getOut();
        Files.createDirectories(outputDir);
        long start = System.nanoTime();

        // 1. the model and its exact moments
        long t0 = System.nanoTime();
        Graph g;
        try (Progress progress = Progress.onStderr(Main.quiet(spec))) {
            g = StateSpace.reportingTo(progress, () -> Coalescent.blockCounting(samples));
        }
        long t1 = System.nanoTime();
        Moments m = Moments.of(g);
        double[] tmrca = m.moments(3);
        double[][] sfs = Coalescent.sfsRewards(g);
        double[] spectrum = new double[sfs.length];
        for (int i = 0; i < sfs.length; i++) {
            spectrum[i] = m.expectation(sfs[i]);
        }
        long t2 = System.nanoTime();
        out.printf("1. Block-counting coalescent, n = %d: %,d states, %,d transitions, built in %.2f s%n", samples,
                g.vertexCount(), g.edgeCount(), (t1 - t0) / 1e9);
        out.printf("   TMRCA: E = %.6f (exact 2(1-1/n) = %.6f), Var = %.6f, E[T^3] = %.6f%n", tmrca[0],
                2 * (1 - 1.0 / samples), tmrca[1] - tmrca[0] * tmrca[0], tmrca[2]);
        out.print("   expected SFS E[xi_i] (exact 2/i):");
        for (int i = 0; i < Math.min(6, spectrum.length); i++) {
            out.printf(" %.4f", spectrum[i]);
        }
        out.printf("%s  (all %d moments and spectra in %.3f s)%n", spectrum.length > 6 ? " ..." : "",
                spectrum.length + 3, (t2 - t1) / 1e9);

        // 2. the parameterized trace, per component, through the disk cache
        Path cacheRoot = RecordingOptions.cacheRoot(cacheDir);
        DiskTraceStore disk = DiskTraceStore.open(cacheRoot);
        Graph parameterized = Coalescent.blockCountingParameterized(samples);
        RecordingResult r;
        try (Progress progress = Progress.onStderr(Main.quiet(spec))) {
            r = HierarchicalRecorder.builder().strategy(Strategy.AUTO)
                    .store(MemoryTraceStore.inFrontOf(64L << 20, disk)).progress(progress).build()
                    .record(parameterized);
        }
        out.printf("2. Trace of the parameterized model (rate theta): %,d operations, %,d commands%n",
                r.trace().size(), r.trace().commandCount());
        if (r.units() == 0) {
            out.printf("   served whole from the cache %s in %.3f s (cache hit)%n", cacheRoot, r.seconds());
        } else {
            out.printf("   %d units: %d cache hits, %d recorded with %s, in %.3f s (cache: %s)%n", r.units(),
                    r.cacheHits(), r.cacheMisses(), r.strategy(), r.seconds(), cacheRoot);
        }
        TraceEvaluator ev = new TraceEvaluator(r.trace());
        out.print("   E[TMRCA] from the trace at theta = 0.5, 1, 2, 4:");
        for (double theta : new double[] {0.5, 1, 2, 4}) {
            ev.evaluate(new double[] {theta});
            out.printf(" %.6f", ev.moments().expectation());
        }
        out.printf("  (exact 2(1-1/n)/theta)%n");

        // 3. the likelihood of simulated data over a θ grid
        double thetaTrue = 1.5;
        int observations = 200;
        Graph lineages = Coalescent.lineageCountingParameterized(samples);
        double[] data = Sampler.of(lineages.at(new double[] {thetaTrue})).sample(observations, 2024);
        int points = 41;
        double[][] grid = new double[points][1];
        double[] thetas = new double[points];
        for (int i = 0; i < points; i++) {
            thetas[i] = 0.75 + 1.5 * i / (points - 1);
            grid[i][0] = thetas[i];
        }
        double[] logLik = new double[points];
        long t3 = System.nanoTime();
        PhaseTypeLikelihood.of(lineages, data).evaluate(grid, logLik, new double[points][1]);
        long t4 = System.nanoTime();
        int best = 0;
        for (int i = 1; i < points; i++) {
            if (logLik[i] > logLik[best]) {
                best = i;
            }
        }
        out.printf("3. %d TMRCA times simulated at theta = %.2f; exact log-likelihood at %d grid points in %.3f s:%n",
                observations, thetaTrue, points, (t4 - t3) / 1e9);
        out.printf(Locale.ROOT, "   maximum on the grid at theta = %.4f (log L = %.3f)%n", thetas[best],
                logLik[best]);
        out.println("   (the TMRCA of the block-counting coalescent is that of the lineage-counting one, "
                + samples + " states)");

        // 4. Bayesian inference of θ from the same data: SVGD on the exact likelihood with exact gradients. A
        // moderately tight prior keeps the first iterations cheap (one uniformisation rate Λ serves all particles
        // and follows the largest θ); 200 observations dominate it all the same.
        String priorSpec = "lognormal:0,0.5";
        Prior prior = Priors.parse(priorSpec);
        int particles = 32;
        int iterations = 120;
        InferenceResult posterior;
        try (Progress progress = Progress.onStderr(Main.quiet(spec))) {
            posterior = Inference.builder(lineages, data).prior(prior).particles(particles).iterations(iterations)
                    .seed(7).stepSchedule(StepSchedule.geometric(0.25, 0.0025))
                    .threads(Runtime.getRuntime().availableProcessors()).progress(progress).build().run();
        }
        out.printf(Locale.ROOT, "4. SVGD posterior of theta from the same %d times (%s prior, %d particles, %d "
                + "iterations) in %.2f s:%n", observations, priorSpec, particles, posterior.iterations(),
                posterior.seconds());
        out.printf(Locale.ROOT, "   theta: true %.4f, posterior mean %.4f, sd %.4f, 95%% HPD [%.4f, %.4f]%n",
                thetaTrue, posterior.mean()[0], posterior.sd()[0], posterior.hpdLower()[0], posterior.hpdUpper()[0]);

        // 5. plots
        List<Path> written = new ArrayList<>();
        double[] times = new double[300];
        for (int i = 0; i < times.length; i++) {
            times[i] = 6.0 * i / (times.length - 1);
        }
        double[] pdf = new double[times.length];
        double[] cdf = new double[times.length];
        Uniformization.of(g).evaluate(times, pdf, cdf);
        Path tmrcaPlot = outputDir.resolve("tmrca.png");
        Plots.distribution(tmrcaPlot, "Kingman coalescent, n = " + samples + ": time to the most recent common "
                + "ancestor", "time (coalescent units)", times, pdf, cdf, false);
        written.add(tmrcaPlot);
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= spectrum.length; i++) {
            labels.add(Integer.toString(i));
        }
        Path sfsPlot = outputDir.resolve("sfs.png");
        Plots.bars(sfsPlot, "Expected site frequency spectrum, n = " + samples,
                "i (number of samples a branch carries)", "expected branch length E[ξ_i]", labels, spectrum,
                "E[ξ_i] = 2/i");
        written.add(sfsPlot);
        Path likelihoodPlot = outputDir.resolve("likelihood.png");
        Plots.curve(likelihoodPlot, observations + " simulated TMRCA times (theta = " + thetaTrue
                + "): log-likelihood", "coalescence rate theta", "log-likelihood", thetas, logLik, "log L(theta)",
                thetas[best], "grid maximum");
        written.add(likelihoodPlot);
        double[] thetaParticles = new double[posterior.particles().length];
        for (int i = 0; i < thetaParticles.length; i++) {
            thetaParticles[i] = posterior.particles()[i][0];
        }
        Path posteriorPlot = outputDir.resolve("posterior.png");
        Plots.marginal(posteriorPlot, "SVGD posterior of theta (true " + thetaTrue + ", " + priorSpec + " prior)",
                "coalescence rate theta", thetaParticles);
        written.add(posteriorPlot);
        double[][] trajectories = new double[posterior.history().size()][];
        for (int s = 0; s < trajectories.length; s++) {
            double[][] snapshot = posterior.history().get(s);
            trajectories[s] = new double[snapshot.length];
            for (int i = 0; i < snapshot.length; i++) {
                trajectories[s][i] = snapshot[i][0];
            }
        }
        Path trajectoriesPlot = outputDir.resolve("svgd-trajectories.png");
        Plots.trajectories(trajectoriesPlot, "SVGD particle trajectories (" + particles + " particles)", "theta",
                posterior.historyIterations(), trajectories);
        written.add(trajectoriesPlot);
        out.println("5. Plots:");
        for (Path p : written) {
            out.println("   " + p.toAbsolutePath());
        }
        out.printf("Done in %.1f s.%n", (System.nanoTime() - start) / 1e9);
        out.flush();
        return 0;
    }
}

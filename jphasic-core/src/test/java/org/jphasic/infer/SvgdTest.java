package org.jphasic.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jphasic.PhasicException;
import org.junit.jupiter.api.Test;

/**
 * SVGD on targets with known answers: the collapse regression of svgd.md §4 (an attractive kernel term — the
 * reference's sign — shrinks the particle sd to a few percent of the truth; the repulsive one must keep it), a
 * correlated 2-D Gaussian, reproducibility, and the kernel Stein discrepancy going to zero at the target.
 */
class SvgdTest {
    /** N(mean, Σ) with Σ = [[s1², ρ s1 s2], [ρ s1 s2, s2²]]. */
    static LogDensity gaussian2(double m1, double m2, double s1, double s2, double rho) {
        return new LogDensity() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public void evaluate(double[][] points, double[] values, double[][] gradients) {
                double det = s1 * s1 * s2 * s2 * (1 - rho * rho);
                double a = s2 * s2 / det;
                double c = s1 * s1 / det;
                double off = -rho * s1 * s2 / det;
                for (int i = 0; i < points.length; i++) {
                    double x = points[i][0] - m1;
                    double y = points[i][1] - m2;
                    values[i] = -0.5 * (a * x * x + 2 * off * x * y + c * y * y);
                    gradients[i][0] = -(a * x + off * y);
                    gradients[i][1] = -(off * x + c * y);
                }
            }
        };
    }

    static LogDensity standardNormal() {
        return new LogDensity() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public void evaluate(double[][] points, double[] values, double[][] gradients) {
                for (int i = 0; i < points.length; i++) {
                    values[i] = -0.5 * points[i][0] * points[i][0];
                    gradients[i][0] = -points[i][0];
                }
            }
        };
    }

    private static double[] mean(double[][] x) {
        double[] m = new double[x[0].length];
        for (double[] p : x) {
            for (int c = 0; c < m.length; c++) {
                m[c] += p[c] / x.length;
            }
        }
        return m;
    }

    @Test
    void particlesStartedFarAwayDoNotCollapse() {
        double[][] start = new double[50][1];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (double[] p : start) {
            p[0] = 5 + 0.1 * Priors.gaussian(rng);
        }
        SvgdResult r = Svgd.builder(standardNormal()).initialParticles(start).iterations(3000)
                .stepSchedule(StepSchedule.geometric(0.1, 0.002)).build().run();
        double sd = Svgd.standardDeviations(r.particles())[0];
        assertThat(sd).as("particle sd").isGreaterThanOrEqualTo(0.9).isLessThan(1.05);
        assertThat(Math.abs(mean(r.particles())[0])).as("|mean|").isLessThan(0.1);
    }

    @Test
    void correlatedGaussianIsRecovered() {
        LogDensity target = gaussian2(1, -2, 0.5, 2, -0.8);
        SvgdResult r = Svgd.builder(target).particles(50).iterations(2000).seed(11)
                .initialDistribution(new double[] {0, 0}, 1).stepSchedule(StepSchedule.geometric(0.05, 5e-4))
                .build().run();
        double[][] x = r.particles();
        double[] m = mean(x);
        double[] sd = Svgd.standardDeviations(x);
        assertThat(Math.abs(m[0] - 1)).isLessThan(0.2 * 0.5);
        assertThat(Math.abs(m[1] + 2)).isLessThan(0.2 * 2);
        assertThat(sd[0] / 0.5).isBetween(0.88, 1.1);
        assertThat(sd[1] / 2).isBetween(0.88, 1.1);
        double cov = 0;
        for (double[] p : x) {
            cov += (p[0] - m[0]) * (p[1] - m[1]) / (x.length - 1);
        }
        assertThat(cov / (sd[0] * sd[1])).isBetween(-0.85, -0.75);
        assertThat(r.steinDiscrepancy()).isLessThan(0.3);
    }

    @Test
    void adamAndAnnealingAlsoRecoverTheSpreadOfTheTarget() {
        for (boolean adam : new boolean[] {false, true}) {
            for (double anneal : new double[] {0, 0.3}) {
                double[][] start = new double[50][1];
                java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
                for (double[] p : start) {
                    p[0] = 5 + 0.1 * Priors.gaussian(rng);
                }
                SvgdResult r = Svgd.builder(standardNormal()).initialParticles(start).iterations(3000)
                        .optimizer(adam ? Svgd.Optimizer.ADAM : Svgd.Optimizer.ADAGRAD).annealing(anneal)
                        .stepSchedule(StepSchedule.geometric(0.1, 0.002)).build().run();
                String what = (adam ? "Adam" : "AdaGrad") + ", annealing " + anneal;
                assertThat(Svgd.standardDeviations(r.particles())[0]).as(what + ": sd").isBetween(0.9, 1.1);
                assertThat(Math.abs(mean(r.particles())[0])).as(what + ": |mean|").isLessThan(0.1);
            }
        }
    }

    @Test
    void historyResidualAndSdHistoryDescribeTheRun() {
        LogDensity target = gaussian2(1, -2, 0.5, 2, -0.8);
        SvgdResult r = Svgd.builder(target).particles(30).iterations(400).seed(4).historySnapshots(10)
                .initialDistribution(new double[] {0, 0}, 1).stepSchedule(StepSchedule.geometric(0.05, 5e-4))
                .build().run();
        assertThat(r.history()).hasSameSizeAs(r.historyIterations()).hasSizeBetween(2, 11);
        List<Integer> when = r.historyIterations();
        for (int i = 1; i < when.size(); i++) {
            assertThat(when.get(i)).isGreaterThan(when.get(i - 1));
        }
        assertThat(when.get(when.size() - 1)).isLessThanOrEqualTo(r.iterations());
        // the last snapshot is the final particles when it was taken at the last iteration
        if (when.get(when.size() - 1) == r.iterations()) {
            assertThat(r.history().get(r.history().size() - 1)).isDeepEqualTo(r.particles());
        }
        // the sd history ends at the final particles' sd
        double[] lastSd = r.sdHistory().get(r.sdHistory().size() - 1);
        assertThat(lastSd).containsExactly(Svgd.standardDeviations(r.particles()));
        // the first snapshot is the initial particles, spread about 1
        assertThat(Svgd.standardDeviations(r.history().get(0))[0]).isBetween(0.5, 1.6);
        assertThat(r.residual()).isFinite().isPositive();
        // log densities are those of the final particles
        double[] values = new double[r.particles().length];
        target.evaluate(r.particles(), values, new double[r.particles().length][2]);
        assertThat(r.logDensities()).containsExactly(values);
    }

    @Test
    void sameSeedGivesIdenticalParticles() {
        LogDensity target = gaussian2(0, 0, 1, 1, 0.3);
        double[][] a = Svgd.builder(target).particles(20).iterations(200).seed(5).build().run().particles();
        double[][] b = Svgd.builder(target).particles(20).iterations(200).seed(5).build().run().particles();
        double[][] c = Svgd.builder(target).particles(20).iterations(200).seed(6).build().run().particles();
        assertThat(b).isDeepEqualTo(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void steinDiscrepancyShrinksAsParticlesApproachTheTarget() {
        LogDensity target = standardNormal();
        double[][] far = new double[30][1];
        double[][] near = new double[30][1];
        for (int i = 0; i < 30; i++) {
            far[i][0] = 3 + 0.1 * i / 30.0;
            near[i][0] = -2 + 4 * (i + 0.5) / 30.0;
        }
        double[][] farScores = new double[30][1];
        double[][] nearScores = new double[30][1];
        target.evaluate(far, new double[30], farScores);
        target.evaluate(near, new double[30], nearScores);
        assertThat(Svgd.steinDiscrepancy(near, nearScores)).isLessThan(0.2 * Svgd.steinDiscrepancy(far, farScores));
    }

    @Test
    void nonFiniteDensityIsAClearError() {
        LogDensity broken = new LogDensity() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public void evaluate(double[][] points, double[] values, double[][] gradients) {
                for (int i = 0; i < points.length; i++) {
                    values[i] = Double.NEGATIVE_INFINITY;
                }
            }
        };
        assertThatThrownBy(() -> Svgd.builder(broken).particles(4).iterations(5).build().run())
                .isInstanceOf(PhasicException.class).hasMessageContaining("not finite at particle 0");
    }
}

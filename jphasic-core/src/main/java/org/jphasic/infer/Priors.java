package org.jphasic.infer;

import java.util.SplittableRandom;
import org.jphasic.ParameterException;

/**
 * Prior densities in θ-space: {@code gamma:shape,rate}, {@code lognormal:mu,sigma}, {@code uniform:a,b},
 * {@code normal:mu,sigma}, {@code exponential:rate}.
 *
 * <pre>{@code
 * Prior p = Priors.parse("gamma:2,1");
 * double lp = p.logDensity(1.5);
 * }</pre>
 */
public final class Priors {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private Priors() {
    }

    /**
     * @param spec e.g. {@code gamma:2,1}
     * @return the prior
     * @throws ParameterException for an unknown name or bad numbers
     */
    public static Prior parse(String spec) {
        String s = spec.trim();
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        String args = colon < 0 ? "" : s.substring(colon + 1);
        switch (name) {
            case "gamma": {
                double[] a = numbers(args, 2, "prior " + s);
                return gamma(a[0], a[1]);
            }
            case "lognormal": {
                double[] a = numbers(args, 2, "prior " + s);
                return logNormal(a[0], a[1]);
            }
            case "uniform": {
                double[] a = numbers(args, 2, "prior " + s);
                return uniform(a[0], a[1]);
            }
            case "normal": {
                double[] a = numbers(args, 2, "prior " + s);
                return normal(a[0], a[1]);
            }
            case "exponential": {
                double[] a = numbers(args, 1, "prior " + s);
                positive(a[0], "prior " + s + ": the exponential rate");
                return gamma(1, a[0]);
            }
            default:
                throw new ParameterException("unknown prior '" + spec + "'; use gamma:shape,rate, "
                        + "lognormal:mu,sigma, uniform:a,b, normal:mu,sigma or exponential:rate");
        }
    }

    /**
     * @param shape k &gt; 0
     * @param rate  β &gt; 0
     * @return Gamma(k, β): density β^k θ^{k−1} e^{−βθ}/Γ(k) on θ &gt; 0
     */
    public static Prior gamma(double shape, double rate) {
        positive(shape, "gamma shape");
        positive(rate, "gamma rate");
        double constant = shape * Math.log(rate) - logGamma(shape);
        return new Prior() {
            @Override
            public double logDensity(double theta) {
                return theta > 0 ? constant + (shape - 1) * Math.log(theta) - rate * theta : Double.NEGATIVE_INFINITY;
            }

            @Override
            public double derivative(double theta) {
                return (shape - 1) / theta - rate;
            }

            @Override
            public String spec() {
                return "gamma:" + shape + "," + rate;
            }

            @Override
            public Transform naturalTransform() {
                return Transform.log();
            }

            @Override
            public double sample(SplittableRandom rng) {
                return sampleGamma(shape, rng) / rate;
            }
        };
    }

    /**
     * @param mu    location of log θ
     * @param sigma scale of log θ, &gt; 0
     * @return LogNormal(μ, σ)
     */
    public static Prior logNormal(double mu, double sigma) {
        finite(mu, "lognormal mu");
        positive(sigma, "lognormal sigma");
        return new Prior() {
            @Override
            public double logDensity(double theta) {
                if (!(theta > 0)) {
                    return Double.NEGATIVE_INFINITY;
                }
                double z = (Math.log(theta) - mu) / sigma;
                return -Math.log(theta) - Math.log(sigma) - HALF_LOG_TWO_PI - 0.5 * z * z;
            }

            @Override
            public double derivative(double theta) {
                return -1 / theta - (Math.log(theta) - mu) / (sigma * sigma * theta);
            }

            @Override
            public String spec() {
                return "lognormal:" + mu + "," + sigma;
            }

            @Override
            public Transform naturalTransform() {
                return Transform.log();
            }

            @Override
            public double sample(SplittableRandom rng) {
                return Math.exp(mu + sigma * gaussian(rng));
            }
        };
    }

    /**
     * @param a lower bound
     * @param b upper bound, &gt; a
     * @return Uniform(a, b)
     */
    public static Prior uniform(double a, double b) {
        finite(a, "uniform lower bound");
        finite(b, "uniform upper bound");
        if (!(a < b)) {
            throw new ParameterException("uniform prior needs a < b, got " + a + ", " + b);
        }
        double logDensity = -Math.log(b - a);
        return new Prior() {
            @Override
            public double logDensity(double theta) {
                return theta > a && theta < b ? logDensity : Double.NEGATIVE_INFINITY;
            }

            @Override
            public double derivative(double theta) {
                return 0;
            }

            @Override
            public String spec() {
                return "uniform:" + a + "," + b;
            }

            @Override
            public Transform naturalTransform() {
                return Transform.logit(a, b);
            }

            @Override
            public double sample(SplittableRandom rng) {
                return a + (b - a) * (0.5 + 0.98 * (rng.nextDouble() - 0.5));
            }
        };
    }

    /**
     * @param mu    mean
     * @param sigma standard deviation, &gt; 0
     * @return Normal(μ, σ)
     */
    public static Prior normal(double mu, double sigma) {
        finite(mu, "normal mu");
        positive(sigma, "normal sigma");
        return new Prior() {
            @Override
            public double logDensity(double theta) {
                double z = (theta - mu) / sigma;
                return -Math.log(sigma) - HALF_LOG_TWO_PI - 0.5 * z * z;
            }

            @Override
            public double derivative(double theta) {
                return -(theta - mu) / (sigma * sigma);
            }

            @Override
            public String spec() {
                return "normal:" + mu + "," + sigma;
            }

            @Override
            public Transform naturalTransform() {
                return Transform.identity();
            }

            @Override
            public double sample(SplittableRandom rng) {
                return mu + sigma * gaussian(rng);
            }
        };
    }

    static double gaussian(SplittableRandom rng) {
        // Box-Muller on (0, 1] uniforms: deterministic for a given generator state
        double u = 1.0 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Marsaglia and Tsang's method (with the boost for shape &lt; 1). */
    static double sampleGamma(double shape, SplittableRandom rng) {
        if (shape < 1) {
            double u = 1.0 - rng.nextDouble();
            return sampleGamma(shape + 1, rng) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = gaussian(rng);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1.0 - rng.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    /** log Γ(x) for x &gt; 0, Lanczos approximation (g = 7, 9 terms), relative error below 1e-14. */
    static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        double y = x - 1;
        double a = c[0];
        double t = y + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (y + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
    }

    static double[] numbers(String text, int count, String what) {
        String[] parts = text.split(",", -1);
        if (parts.length != count || text.isBlank()) {
            throw new ParameterException(what + " needs " + count + " comma-separated number"
                    + (count > 1 ? "s" : "") + ", got '" + text + "'");
        }
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new ParameterException(what + ": '" + parts[i] + "' is not a number");
            }
        }
        return out;
    }

    private static void positive(double x, String what) {
        if (!(x > 0) || !Double.isFinite(x)) {
            throw new ParameterException(what + " must be positive and finite, got " + x);
        }
    }

    private static void finite(double x, String what) {
        if (!Double.isFinite(x)) {
            throw new ParameterException(what + " must be finite, got " + x);
        }
    }
}

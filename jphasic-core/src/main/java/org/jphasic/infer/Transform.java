package org.jphasic.infer;

import org.jphasic.ParameterException;

/**
 * A map from the unconstrained space where SVGD moves particles (φ ∈ R) to a parameter's space (θ), with what the
 * change of variables needs: θ(φ), dθ/dφ and log|dθ/dφ| with its derivative. Priors are stated in θ-space and the
 * log-Jacobian is added, so the target is the posterior of θ whatever the transform.
 */
public abstract class Transform {
    private Transform() {
    }

    /**
     * @param phi φ
     * @return θ(φ)
     */
    public abstract double toTheta(double phi);

    /**
     * @param theta θ in the transform's range
     * @return φ(θ)
     */
    public abstract double toPhi(double theta);

    /**
     * @param phi φ
     * @return dθ/dφ
     */
    public abstract double derivative(double phi);

    /**
     * @param phi φ
     * @return log|dθ/dφ|
     */
    public abstract double logJacobian(double phi);

    /**
     * @param phi φ
     * @return d/dφ log|dθ/dφ|
     */
    public abstract double logJacobianDerivative(double phi);

    /** @return the name used in specifications, e.g. {@code log} */
    public abstract String name();

    /** @return θ = e^φ, for positive parameters */
    public static Transform log() {
        return new Transform() {
            @Override
            public double toTheta(double phi) {
                return Math.exp(phi);
            }

            @Override
            public double toPhi(double theta) {
                requirePositive(theta, "log");
                return Math.log(theta);
            }

            @Override
            public double derivative(double phi) {
                return Math.exp(phi);
            }

            @Override
            public double logJacobian(double phi) {
                return phi;
            }

            @Override
            public double logJacobianDerivative(double phi) {
                return 1;
            }

            @Override
            public String name() {
                return "log";
            }
        };
    }

    /** @return θ = log(1 + e^φ), for positive parameters; nearly linear for large θ */
    public static Transform softplus() {
        return new Transform() {
            @Override
            public double toTheta(double phi) {
                return softplusOf(phi);
            }

            @Override
            public double toPhi(double theta) {
                requirePositive(theta, "softplus");
                return theta > 30 ? theta + Math.log(-Math.expm1(-theta)) : Math.log(Math.expm1(theta));
            }

            @Override
            public double derivative(double phi) {
                return sigmoid(phi);
            }

            @Override
            public double logJacobian(double phi) {
                return -softplusOf(-phi);
            }

            @Override
            public double logJacobianDerivative(double phi) {
                return sigmoid(-phi);
            }

            @Override
            public String name() {
                return "softplus";
            }
        };
    }

    /**
     * θ = a + (b − a)·σ(φ), for a parameter in (a, b).
     *
     * @param a the lower bound
     * @param b the upper bound, above a
     * @return the transform
     */
    public static Transform logit(double a, double b) {
        if (!(a < b) || !Double.isFinite(a) || !Double.isFinite(b)) {
            throw new ParameterException("logit transform needs finite bounds a < b, got " + a + ", " + b);
        }
        return new Transform() {
            @Override
            public double toTheta(double phi) {
                return a + (b - a) * sigmoid(phi);
            }

            @Override
            public double toPhi(double theta) {
                if (!(theta > a && theta < b)) {
                    throw new ParameterException("value " + theta + " is outside (" + a + ", " + b
                            + ") of the logit transform");
                }
                double u = (theta - a) / (b - a);
                return Math.log(u) - Math.log1p(-u);
            }

            @Override
            public double derivative(double phi) {
                return (b - a) * sigmoid(phi) * sigmoid(-phi);
            }

            @Override
            public double logJacobian(double phi) {
                return Math.log(b - a) - softplusOf(-phi) - softplusOf(phi);
            }

            @Override
            public double logJacobianDerivative(double phi) {
                return 1 - 2 * sigmoid(phi);
            }

            @Override
            public String name() {
                return "logit:" + a + "," + b;
            }
        };
    }

    /** @return θ = φ, for real parameters */
    public static Transform identity() {
        return new Transform() {
            @Override
            public double toTheta(double phi) {
                return phi;
            }

            @Override
            public double toPhi(double theta) {
                return theta;
            }

            @Override
            public double derivative(double phi) {
                return 1;
            }

            @Override
            public double logJacobian(double phi) {
                return 0;
            }

            @Override
            public double logJacobianDerivative(double phi) {
                return 0;
            }

            @Override
            public String name() {
                return "identity";
            }
        };
    }

    /**
     * Parses {@code log}, {@code softplus}, {@code identity} or {@code logit:a,b}.
     *
     * @param spec the specification
     * @return the transform
     */
    public static Transform parse(String spec) {
        String s = spec.trim();
        if (s.equals("log")) {
            return log();
        }
        if (s.equals("softplus")) {
            return softplus();
        }
        if (s.equals("identity")) {
            return identity();
        }
        if (s.startsWith("logit:")) {
            double[] ab = Priors.numbers(s.substring(6), 2, "transform " + s);
            return logit(ab[0], ab[1]);
        }
        throw new ParameterException("unknown transform '" + spec + "'; use log, softplus, identity or logit:a,b");
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    static double softplusOf(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    private static void requirePositive(double theta, String transform) {
        if (!(theta > 0)) {
            throw new ParameterException("value " + theta + " is not positive, outside the range of the " + transform
                    + " transform");
        }
    }

    @Override
    public String toString() {
        return name();
    }
}

package org.jphasic.testing;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.jphasic.graph.Graph;

/**
 * Ground truth from dense matrices (EJML), independent of the code under test: reads a constant graph's edges,
 * builds α, the sub-intensity matrix S (continuous) or the sub-transition matrix T (discrete, with the implicit
 * self-loop on the diagonal), inverts, and evaluates the textbook formulas E[Y^k] = k!·α(UΔ(r))^k·1 and
 * E[Y_iY_j] = αUΔ(r_i)UΔ(r_j)1 + αUΔ(r_j)UΔ(r_i)1 (continuous).
 */
public final class DenseOracle {
    private final Graph graph;
    private final int[] transientVertices;
    private final int[] position;
    private final DMatrixRMaj alpha;
    private final DMatrixRMaj u;
    private final DMatrixRMaj subIntensity;

    public DenseOracle(Graph graph) {
        this.graph = graph;
        int n = graph.vertexCount();
        List<Integer> transients = new ArrayList<>();
        position = new int[n];
        for (int v = 1; v < n; v++) {
            position[v] = -1;
            if (graph.outDegree(v) > 0) {
                position[v] = transients.size();
                transients.add(v);
            }
        }
        position[0] = -1;
        transientVertices = transients.stream().mapToInt(Integer::intValue).toArray();
        int p = transientVertices.length;
        alpha = new DMatrixRMaj(1, p);
        for (int e = graph.edgeStart(0); e < graph.edgeEnd(0); e++) {
            int t = graph.edgeTarget(e);
            if (position[t] >= 0) {
                alpha.add(0, position[t], graph.edgeWeight(e));
            }
        }
        subIntensity = new DMatrixRMaj(p, p);
        for (int i = 0; i < p; i++) {
            int v = transientVertices[i];
            double rate = 0;
            for (int e = graph.edgeStart(v); e < graph.edgeEnd(v); e++) {
                double w = graph.edgeWeight(e);
                rate += w;
                int t = graph.edgeTarget(e);
                if (position[t] >= 0) {
                    subIntensity.add(i, position[t], w);
                }
            }
            if (graph.isDiscrete()) {
                subIntensity.add(i, i, 1.0 - rate); // T, with the implicit self-loop
            } else {
                subIntensity.add(i, i, -rate);
            }
        }
        // U = (-S)^-1 or (I - T)^-1
        DMatrixRMaj m = new DMatrixRMaj(p, p);
        if (graph.isDiscrete()) {
            CommonOps_DDRM.setIdentity(m);
            CommonOps_DDRM.subtractEquals(m, subIntensity);
        } else {
            CommonOps_DDRM.scale(-1, subIntensity, m);
        }
        u = new DMatrixRMaj(p, p);
        if (!CommonOps_DDRM.invert(m, u)) {
            throw new IllegalStateException("singular matrix");
        }
    }

    public int transientCount() {
        return transientVertices.length;
    }

    public int[] transientVertices() {
        return transientVertices.clone();
    }

    /** @return α restricted to transient vertices, in {@link #transientVertices()} order */
    public double[] alpha() {
        return alpha.data.clone();
    }

    /** @return S (continuous) or T (discrete), transient vertices in {@link #transientVertices()} order */
    public double[][] matrix() {
        int p = transientVertices.length;
        double[][] out = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                out[i][j] = subIntensity.get(i, j);
            }
        }
        return out;
    }

    private DMatrixRMaj diag(double[] rewards) {
        int p = transientVertices.length;
        DMatrixRMaj d = new DMatrixRMaj(p, p);
        for (int i = 0; i < p; i++) {
            d.set(i, i, rewards == null ? 1.0 : rewards[transientVertices[i]]);
        }
        return d;
    }

    private DMatrixRMaj ones() {
        DMatrixRMaj o = new DMatrixRMaj(transientVertices.length, 1);
        o.fill(1.0);
        return o;
    }

    /** @return the k-th "U-moment" k!·α(UΔ(r))^k·1 for k = 1..order (raw moments when continuous) */
    public double[] uMoments(int order, double[] rewards) {
        DMatrixRMaj ud = new DMatrixRMaj(1, 1);
        ud.reshape(u.numRows, u.numCols);
        CommonOps_DDRM.mult(u, diag(rewards), ud);
        DMatrixRMaj v = ones();
        double[] out = new double[order];
        double factorial = 1;
        for (int k = 1; k <= order; k++) {
            DMatrixRMaj next = new DMatrixRMaj(v.numRows, 1);
            CommonOps_DDRM.mult(ud, v, next);
            v = next;
            factorial *= k;
            DMatrixRMaj s = new DMatrixRMaj(1, 1);
            CommonOps_DDRM.mult(alpha, v, s);
            out[k - 1] = factorial * s.get(0, 0);
        }
        return out;
    }

    /** Raw moments E[Y^k], k = 1..order (continuous graphs). */
    public double[] moments(int order, double[] rewards) {
        if (graph.isDiscrete()) {
            throw new IllegalStateException("use discreteRawMoments for discrete graphs");
        }
        return uMoments(order, rewards);
    }

    /** Continuous: E[Y_iY_j] − E[Y_i]E[Y_j]. Discrete: Navarro's formula. */
    public double covariance(double[] ri, double[] rj) {
        DMatrixRMaj udi = new DMatrixRMaj(u.numRows, u.numCols);
        DMatrixRMaj udj = new DMatrixRMaj(u.numRows, u.numCols);
        CommonOps_DDRM.mult(u, diag(ri), udi);
        CommonOps_DDRM.mult(u, diag(rj), udj);
        double ei = quad(udi, null);
        double ej = quad(udj, null);
        double cross = quad(udi, udj) + quad(udj, udi);
        if (graph.isDiscrete()) {
            double[] rij = new double[ri.length];
            for (int v = 0; v < ri.length; v++) {
                rij[v] = ri[v] * rj[v];
            }
            DMatrixRMaj udij = new DMatrixRMaj(u.numRows, u.numCols);
            CommonOps_DDRM.mult(u, diag(rij), udij);
            cross -= quad(udij, null);
        }
        return cross - ei * ej;
    }

    /** α·A·B·1 (B may be null). */
    private double quad(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj v = ones();
        if (b != null) {
            DMatrixRMaj t = new DMatrixRMaj(v.numRows, 1);
            CommonOps_DDRM.mult(b, v, t);
            v = t;
        }
        DMatrixRMaj t = new DMatrixRMaj(v.numRows, 1);
        CommonOps_DDRM.mult(a, v, t);
        DMatrixRMaj s = new DMatrixRMaj(1, 1);
        CommonOps_DDRM.mult(alpha, t, s);
        return s.get(0, 0);
    }

    /** Raw moments of the number of jumps τ of a discrete graph, from rising factorial moments via Stirling numbers. */
    public double[] discreteRawMoments(int order) {
        double[] rising = uMoments(order, null); // k!·αU^k·1 = E[τ(τ+1)…(τ+k−1)]
        double[] out = new double[order];
        for (int k = 1; k <= order; k++) {
            double sum = 0;
            for (int j = 1; j <= k; j++) {
                sum += ((k - j) % 2 == 0 ? 1 : -1) * stirling2(k, j) * rising[j - 1];
            }
            out[k - 1] = sum;
        }
        return out;
    }

    /** E[Y] and E[Y²] of a rewarded discrete graph (Navarro 2019): αUr and 2αUΔ(r)Ur − αUr². */
    public double[] discreteRewardMoments(double[] rewards) {
        DMatrixRMaj ud = new DMatrixRMaj(u.numRows, u.numCols);
        CommonOps_DDRM.mult(u, diag(rewards), ud);
        double[] squares = new double[rewards.length];
        for (int v = 0; v < rewards.length; v++) {
            squares[v] = rewards[v] * rewards[v];
        }
        DMatrixRMaj ud2 = new DMatrixRMaj(u.numRows, u.numCols);
        CommonOps_DDRM.mult(u, diag(squares), ud2);
        return new double[] {quad(ud, null), 2 * quad(ud, ud) - quad(ud2, null)};
    }

    /** αU: expected time in (visits to) each transient vertex, indexed by vertex. */
    public double[] residenceTimes() {
        DMatrixRMaj s = new DMatrixRMaj(1, u.numCols);
        CommonOps_DDRM.mult(alpha, u, s);
        double[] out = new double[graph.vertexCount()];
        for (int i = 0; i < transientVertices.length; i++) {
            out[transientVertices[i]] = s.get(0, i);
        }
        return out;
    }

    private static double stirling2(int n, int k) {
        double[][] s = new double[n + 1][n + 1];
        s[0][0] = 1;
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= i; j++) {
                s[i][j] = j * s[i - 1][j] + s[i - 1][j - 1];
            }
        }
        return s[n][k];
    }
}

package org.jphasic.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jphasic.ParameterException;
import org.jphasic.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG and SVG plots (XChart): the density and distribution function of an absorption time, a bar chart such as
 * the site frequency spectrum, and the particle trajectories and marginal posteriors of an inference run. The
 * format comes from the file name ({@code .png} or {@code .svg}); files are written atomically. Rendering is
 * headless.
 *
 * <pre>{@code
 * Plots.distribution(Path.of("tmrca.png"), "Kingman coalescent, n = 10: time to the most recent common ancestor",
 *         "time (coalescent units)", times, pdf, cdf, false);
 * }</pre>
 */
public final class Plots {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /**
     * The density (or probability mass) and the distribution function on one chart, the density on the left axis
     * and the cdf on the right.
     *
     * @param file     a {@code .png} or {@code .svg} file
     * @param title    the chart title
     * @param xLabel   the x-axis label, e.g. "time" or "number of jumps"
     * @param x        the abscissae. Not modified.
     * @param density  pdf (continuous) or pmf (discrete) values. Not modified.
     * @param cdf      distribution function values. Not modified.
     * @param discrete whether to draw the pmf as points rather than a line
     * @throws IOException if the file cannot be written
     */
    public static void distribution(Path file, String title, String xLabel, double[] x, double[] density,
                                    double[] cdf, boolean discrete) throws IOException {
        checkLengths(x, density, "density");
        checkLengths(x, cdf, "cdf");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(discrete ? "probability mass P(τ = k)" : "density f(t)").build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setXAxisDecimalPattern(discrete ? "#0" : "#0.###");
        chart.getStyler().setYAxisDecimalPattern("0.###");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.setYAxisGroupTitle(0, discrete ? "probability mass P(τ = k)" : "density f(t)");
        chart.setYAxisGroupTitle(1, "distribution function F = P(τ ≤ x)");
        XYSeries d = chart.addSeries(discrete ? "pmf" : "pdf", x, density);
        d.setLineColor(PALETTE[0]);
        d.setMarkerColor(PALETTE[0]);
        d.setMarker(discrete ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        if (discrete) {
            d.setLineStyle(new BasicStroke(0f));
        } else {
            d.setLineWidth(2.2f);
        }
        XYSeries c = chart.addSeries("cdf", x, cdf);
        c.setYAxisGroup(1);
        c.setLineColor(PALETTE[1]);
        c.setMarker(SeriesMarkers.NONE);
        c.setLineWidth(2.2f);
        chart.getStyler().setYAxisMin(1, 0.0);
        chart.getStyler().setYAxisMax(1, 1.0);
        chart.getStyler().setYAxisMin(0, 0.0);
        write(chart, file);
    }

    /**
     * One curve y(x), with an optional vertical marker (for example a maximum).
     *
     * @param file   a {@code .png} or {@code .svg} file
     * @param title  the chart title
     * @param xLabel the x-axis label
     * @param yLabel the y-axis label
     * @param x      the abscissae. Not modified.
     * @param y      the ordinates. Not modified.
     * @param series the legend name of the curve
     * @param marker an x position to mark with a vertical line, or NaN for none
     * @param markerName the legend name of the marker
     * @throws IOException if the file cannot be written
     */
    public static void curve(Path file, String title, String xLabel, String yLabel, double[] x, double[] y,
                             String series, double marker, String markerName) throws IOException {
        checkLengths(x, y, series);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        XYSeries c = chart.addSeries(series, x, y);
        c.setMarker(SeriesMarkers.CIRCLE);
        c.setLineColor(PALETTE[0]);
        c.setMarkerColor(PALETTE[0]);
        c.setLineWidth(2f);
        if (!Double.isNaN(marker)) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : y) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            XYSeries m = chart.addSeries(markerName, new double[] {marker, marker}, new double[] {lo, hi});
            m.setMarker(SeriesMarkers.NONE);
            m.setLineColor(PALETTE[1]);
            m.setLineWidth(2f);
        }
        write(chart, file);
    }

    /**
     * A bar chart, e.g. the expected site frequency spectrum E[ξ_i] against i.
     *
     * @param file   a {@code .png} or {@code .svg} file
     * @param title  the chart title
     * @param xLabel the category axis label
     * @param yLabel the value axis label
     * @param labels the category labels. Not modified.
     * @param values one value per category. Not modified.
     * @param series the legend name of the bars
     * @throws IOException if the file cannot be written
     */
    public static void bars(Path file, String title, String xLabel, String yLabel, List<String> labels,
                            double[] values, String series) throws IOException {
        if (labels.size() != values.length) {
            throw new ParameterException(labels.size() + " labels for " + values.length + " values");
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setSeriesColors(PALETTE);
        chart.getStyler().setXAxisLabelRotation(values.length > 20 ? 90 : 0);
        Double[] boxed = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        chart.addSeries(series, labels, List.of(boxed));
        write(chart, file);
    }

    /**
     * Particle trajectories of an inference run: every particle's value of one parameter against the iteration.
     *
     * @param file       a {@code .png} or {@code .svg} file
     * @param title      the chart title
     * @param parameter  the parameter's name
     * @param iterations the iteration of each snapshot
     * @param values     {@code values[s][i]}: particle i at snapshot s. Not modified.
     * @throws IOException if the file cannot be written
     */
    public static void trajectories(Path file, String title, String parameter, List<Integer> iterations,
                                    double[][] values) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("iteration")
                .yAxisTitle(parameter).build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        double[] x = iterations.stream().mapToDouble(Integer::doubleValue).toArray();
        int particles = values[0].length;
        for (int i = 0; i < particles; i++) {
            double[] y = new double[values.length];
            for (int s = 0; s < values.length; s++) {
                y[s] = values[s][i];
            }
            XYSeries series = chart.addSeries("particle " + i, x, y);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineStyle(SeriesLines.SOLID);
            series.setLineColor(new Color(31, 119, 180, 90));
            series.setLineWidth(1f);
        }
        write(chart, file);
    }

    /**
     * A histogram of the particles of one parameter (its marginal posterior), with the mean marked.
     *
     * @param file      a {@code .png} or {@code .svg} file
     * @param title     the chart title
     * @param parameter the parameter's name
     * @param samples   the particles' values. Not modified.
     * @throws IOException if the file cannot be written
     */
    public static void marginal(Path file, String title, String parameter, double[] samples) throws IOException {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double mean = 0;
        for (double s : samples) {
            min = Math.min(min, s);
            max = Math.max(max, s);
            mean += s / samples.length;
        }
        int bins = Math.max(5, (int) Math.ceil(Math.sqrt(samples.length)));
        double width = max > min ? (max - min) / bins : 1;
        double[] counts = new double[bins];
        for (double s : samples) {
            counts[Math.min(bins - 1, (int) ((s - min) / width))]++;
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(parameter)
                .yAxisTitle("posterior density (particles)").build();
        style(chart.getStyler());
        double[] x = new double[2 * bins + 2];
        double[] y = new double[2 * bins + 2];
        x[0] = min;
        for (int b = 0; b < bins; b++) {
            double density = counts[b] / (samples.length * width);
            x[2 * b + 1] = min + b * width;
            y[2 * b + 1] = density;
            x[2 * b + 2] = min + (b + 1) * width;
            y[2 * b + 2] = density;
        }
        x[2 * bins + 1] = max;
        XYSeries histogram = chart.addSeries("particles (" + samples.length + ")", x, y);
        histogram.setMarker(SeriesMarkers.NONE);
        histogram.setLineColor(PALETTE[0]);
        histogram.setLineWidth(2f);
        double top = 0;
        for (double v : y) {
            top = Math.max(top, v);
        }
        XYSeries m = chart.addSeries(String.format(Locale.ROOT, "mean %.4g", mean), new double[] {mean, mean},
                new double[] {0, top});
        m.setMarker(SeriesMarkers.NONE);
        m.setLineColor(PALETTE[1]);
        m.setLineWidth(2f);
        write(chart, file);
    }

    private static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xdddddd));
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendBorderColor(new Color(0xbbbbbb));
        styler.setChartPadding(12);
    }

    private static void checkLengths(double[] x, double[] y, String what) {
        if (x.length != y.length || x.length == 0) {
            throw new ParameterException(what + " has " + y.length + " values for " + x.length + " points");
        }
    }

    private static void write(Chart<?, ?> chart, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        } else if (name.endsWith(".svg")) {
            AtomicFiles.write(file, out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
        } else {
            throw new ParameterException("plot file " + file + " must end in .png or .svg");
        }
    }
}

package dev.clipjvm.clip.examples.render;

import dev.clipjvm.clip.tf.transfer.EffectiveRobustness;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The effective-robustness plot (Taori et al. 2020; the paper's Figure 13): shifted against
 * in-distribution accuracy on logit axes, baseline models as points with their fitted line per
 * shift, the evaluated models as filled diamonds.
 */
public final class RobustnessPlot {
  private RobustnessPlot() {}

  /**
   * One shift's data.
   *
   * @param baseline the baseline models' points
   * @param fit the line fitted to them
   * @param models the evaluated models' points
   */
  public record Shift(List<EffectiveRobustness.Point> baseline, EffectiveRobustness.Fit fit,
      List<EffectiveRobustness.Point> models) {}

  /** Writes the plot of {@code shifts} (by name) to {@code png}. */
  public static void write(Path png, Map<String, Shift> shifts) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(800).height(600)
        .title("effective robustness (logit axes)")
        .xAxisTitle("logit(in-distribution accuracy)")
        .yAxisTitle("logit(shifted accuracy)").build();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Shift s : shifts.values()) {
      for (EffectiveRobustness.Point p : concat(s)) {
        lo = Math.min(lo, EffectiveRobustness.logit(p.inDistribution()));
        hi = Math.max(hi, EffectiveRobustness.logit(p.inDistribution()));
      }
    }
    for (Map.Entry<String, Shift> e : shifts.entrySet()) {
      Shift s = e.getValue();
      XYSeries base = chart.addSeries(e.getKey() + " baseline",
          s.baseline().stream().mapToDouble(p -> EffectiveRobustness.logit(p.inDistribution()))
              .toArray(),
          s.baseline().stream().mapToDouble(p -> EffectiveRobustness.logit(p.shifted()))
              .toArray());
      base.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      base.setMarker(SeriesMarkers.CIRCLE);
      double[] xs = {lo - 0.2, hi + 0.2};
      double[] ys = {s.fit().slope() * xs[0] + s.fit().intercept(),
          s.fit().slope() * xs[1] + s.fit().intercept()};
      chart.addSeries(e.getKey() + " fit", xs, ys).setMarker(SeriesMarkers.NONE);
      XYSeries models = chart.addSeries(e.getKey() + " model",
          s.models().stream().mapToDouble(p -> EffectiveRobustness.logit(p.inDistribution()))
              .toArray(),
          s.models().stream().mapToDouble(p -> EffectiveRobustness.logit(p.shifted()))
              .toArray());
      models.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      models.setMarker(SeriesMarkers.DIAMOND);
    }
    String base = png.toString().endsWith(".png")
        ? png.toString().substring(0, png.toString().length() - 4) : png.toString();
    BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
  }

  private static List<EffectiveRobustness.Point> concat(Shift s) {
    return java.util.stream.Stream.concat(s.baseline().stream(), s.models().stream()).toList();
  }
}

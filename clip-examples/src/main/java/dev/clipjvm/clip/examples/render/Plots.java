package dev.clipjvm.clip.examples.render;

import dev.clipjvm.clip.tf.train.StepMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots of a run with XChart: loss, learning rate, logit scale and evaluation accuracy. */
public final class Plots {
  private Plots() {}

  /** Writes {@code loss.png}, {@code lr.png}, {@code logit_scale.png} and {@code zero_shot.png}. */
  public static List<Path> write(Path dir, List<StepMetrics> steps,
      Map<String, List<double[]>> evals) {
    System.setProperty("java.awt.headless", "true");
    List<Path> out = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      if (!steps.isEmpty()) {
        out.add(series(dir, "loss", "contrastive loss", steps, StepMetrics::loss));
        out.add(series(dir, "lr", "learning rate", steps, StepMetrics::lr));
        out.add(series(dir, "logit_scale", "exp(logit_scale)", steps, StepMetrics::logitScale));
      }
      if (!evals.isEmpty()) {
        XYChart chart = chart("zero-shot top-1 accuracy", "accuracy");
        evals.forEach((name, points) -> {
          if (name.endsWith("top1")) {
            double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
            chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
          }
        });
        if (!chart.getSeriesMap().isEmpty()) {
          out.add(save(chart, dir.resolve("zero_shot")));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plots to " + dir + ": " + e, e);
    }
    return out;
  }

  private static Path series(Path dir, String name, String title, List<StepMetrics> steps,
      ToDoubleFunction<StepMetrics> f) throws IOException {
    XYChart chart = chart(title, name);
    chart.getStyler().setLegendVisible(false);
    double[] x = steps.stream().mapToDouble(StepMetrics::step).toArray();
    double[] y = steps.stream().mapToDouble(f).toArray();
    chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
    return save(chart, dir.resolve(name));
  }

  private static XYChart chart(String title, String yTitle) {
    return new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("step")
        .yAxisTitle(yTitle).build();
  }

  private static Path save(XYChart chart, Path base) throws IOException {
    BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
    return Path.of(base + ".png");
  }
}

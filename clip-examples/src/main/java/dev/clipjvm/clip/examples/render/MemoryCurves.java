package dev.clipjvm.clip.examples.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.clipjvm.clip.api.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Peak memory and pairs/s against batch size, one line per training mode, from the JSON lines
 * of {@code dev.clipjvm.clip.examples.bench.StepMemory} (as {@code docs/bench/step-memory.sh}
 * prints them): {@code <model>-peak-rss.png} and {@code <model>-pairs-per-s.png} for each model
 * in the file.
 */
public final class MemoryCurves {
  private MemoryCurves() {}

  /** One measurement. */
  private record Point(String model, String mode, double batch, double peakMib,
      double pairsPerS) {}

  /** Arguments: the JSON-lines file, the output directory. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: MemoryCurves <points.jsonl> <out-dir>");
      System.exit(2);
    }
    for (Path p : write(Path.of(args[0]), Path.of(args[1]))) {
      System.out.println(p);
    }
  }

  /** Writes the two plots of every model in {@code points} into {@code dir}. */
  public static List<Path> write(Path points, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Map<String, List<Point>> byModel = new TreeMap<>();
    int line = 0;
    for (String text : Files.readAllLines(points)) {
      line++;
      if (text.isBlank()) {
        continue;
      }
      JsonNode n;
      try {
        n = Json.mapper().readTree(text);
      } catch (JsonProcessingException e) {
        throw new IOException(points + " line " + line + ": not JSON: "
            + e.getOriginalMessage(), e);
      }
      int batch = n.get("batch_size").asInt();
      int micro = n.get("micro_batch_size").asInt();
      String mode = micro < batch ? "gradient cache"
          : n.get("recompute").asBoolean() ? "recomputation" : "plain";
      String model = n.path("model").asText("model");
      if (model.endsWith(".json")) { // a model config file: its name, not its path
        model = Path.of(model).getFileName().toString().replaceAll("\\.json$", "");
      }
      byModel.computeIfAbsent(model, k -> new ArrayList<>()).add(new Point(model, mode, batch,
          n.get("peak_rss_mib").asDouble(), n.get("pairs_per_s").asDouble()));
    }
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    for (Map.Entry<String, List<Point>> e : byModel.entrySet()) {
      String file = e.getKey().replaceAll("[^A-Za-z0-9]+", "-").toLowerCase();
      out.add(plot(e.getKey() + ": peak resident memory of a training step",
          "peak RSS (MiB)", e.getValue(), Point::peakMib, dir.resolve(file + "-peak-rss")));
      out.add(plot(e.getKey() + ": training throughput", "pairs/s",
          e.getValue(), Point::pairsPerS, dir.resolve(file + "-pairs-per-s")));
    }
    return out;
  }

  private static Path plot(String title, String yTitle, List<Point> points,
      ToDoubleFunction<Point> y, Path base) throws IOException {
    XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
        .xAxisTitle("batch size (pairs per step)").yAxisTitle(yTitle).build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisMin(0.0); // differences read at their true size
    Map<String, TreeMap<Double, Double>> byMode = new TreeMap<>();
    for (Point p : points) {
      byMode.computeIfAbsent(p.mode(), k -> new TreeMap<>()).put(p.batch(), y.applyAsDouble(p));
    }
    byMode.forEach((mode, series) -> chart.addSeries(mode,
        series.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
        series.values().stream().mapToDouble(Double::doubleValue).toArray())
        .setMarker(SeriesMarkers.CIRCLE));
    BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
    return Path.of(base + ".png");
  }
}

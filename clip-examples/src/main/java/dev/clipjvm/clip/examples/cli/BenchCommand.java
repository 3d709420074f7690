package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.examples.bench.BenchContext;
import dev.clipjvm.clip.examples.bench.BenchRow;
import dev.clipjvm.clip.examples.bench.BenchRows;
import dev.clipjvm.clip.examples.bench.Measurement;
import dev.clipjvm.clip.examples.bench.ServingSweep;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip bench}: throughput on this machine, each model row with its fraction of peak. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
        "Measure throughput on this machine: float32 matmul rate, ViT-B/32 and RN50 image "
            + "encoding (batch 16), ViT-B/32 text encoding (batch 64; 77-token and 16-token "
            + "texts), plus rows added by other modules. Random weights.",
        "Each model row also prints the fraction of the matmul rate it reaches "
            + "(2 * MACs computed * items/s / matmul FLOP/s; the Transformer encoders' last "
            + "block computes only the pooled token's row, about 7%% fewer MACs than the "
            + "reference model). Protocol of docs/bench/reference_throughput.py: "
            + "2 warm-up calls, then the median call time over at least --seconds."})
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--json", description = "Print one JSON object of every key measured (with "
      + "--list: key to description) on standard output; the rows for a person go to standard "
      + "error.")
  boolean json;

  @Option(names = "--only", split = ",", paramLabel = "KEY",
      description = "Run only these rows (keys as printed, comma-separated).")
  List<String> only = new ArrayList<>();

  @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
      description = "TensorFlow intra-op threads (default ${DEFAULT-VALUE}, as the peer bench).")
  int threads;

  @Option(names = "--seconds", defaultValue = "4",
      description = "Minimum measuring time per row (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--list", description = "List the rows and exit.")
  boolean list;

  @Option(names = "--serving", description = "Instead of the rows: images/s of one loaded "
      + "image encoder (random weights) for each --batches size and number of --callers "
      + "calling it at once.")
  boolean serving;

  @Option(names = "--model", defaultValue = "ViT-B/32", paramLabel = "PRESET",
      description = "Preset of --serving (default ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--batches", split = ",", defaultValue = "1,4,16,64", paramLabel = "N",
      description = "Images per call for --serving (default ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(names = "--callers", split = ",", defaultValue = "1,2,4", paramLabel = "N",
      description = "Concurrent calling threads for --serving (default ${DEFAULT-VALUE}).")
  List<Integer> callers;

  private static double matmulOf(BenchContext context) {
    try {
      return context.matmulGflops();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Integer call() throws Exception {
    List<BenchRow> rows = BenchRows.all();
    PrintStream out = JsonOutput.human(json);
    if (list) {
      ObjectNode keys = Json.object();
      for (BenchRow r : rows) {
        out.printf("%-28s %s%n", r.key(), r.description());
        keys.put(r.key(), r.description());
      }
      if (json) {
        JsonOutput.print(keys);
      }
      return 0;
    }
    Set<String> keys = new LinkedHashSet<>(only);
    List<String> known = rows.stream().map(BenchRow::key).toList();
    List<String> unknown = keys.stream().filter(k -> !known.contains(k)).toList();
    if (!unknown.isEmpty()) {
      throw new UsageException("unknown row(s) " + unknown + "; rows: " + known);
    }
    if (threads < 1 || !(seconds > 0)) {
      throw new UsageException("--threads must be at least 1 and --seconds above 0, got "
          + threads + " and " + seconds);
    }
    if (serving) {
      return serving(out);
    }
    BenchContext context = new BenchContext(threads, seconds);
    ObjectNode all = Json.object();
    List<Runnable> fractions = new ArrayList<>();
    for (BenchRow row : rows) {
      if (!keys.isEmpty() && !keys.contains(row.key())) {
        continue;
      }
      Measurement m = row.measure(context);
      String peak = m.fractionOfPeak().isPresent()
          ? String.format("  %5.1f%% of matmul peak", 100 * m.fractionOfPeak().getAsDouble()) : "";
      out.printf("%-28s %10.2f %-9s%s  (%s)%n", row.key(), m.value(), m.unit(), peak,
          row.description());
      out.flush();
      all.put(row.key(), Math.round(m.value() * 1000) / 1000.0);
      if (m.fractionOfPeak().isPresent()) {
        double flops = m.fractionOfPeak().getAsDouble() * context.matmulGflops();
        fractions.add(() -> all.put(row.key().replaceAll("_per_s$", "") + "_fraction_of_peak",
            Math.round(flops / matmulOf(context) * 10000) / 10000.0));
      }
    }
    if (!fractions.isEmpty()) {
      double gflops = context.remeasureMatmul();
      out.printf("%-28s %10.2f %-9s  (re-measured; fractions in the JSON use it)%n",
          "matmul_gflops", gflops, "GFLOP/s");
      if (all.has("matmul_gflops")) {
        all.put("matmul_gflops", Math.round(gflops * 1000) / 1000.0);
      }
      fractions.forEach(Runnable::run);
    }
    if (json) {
      JsonOutput.print(all);
    }
    return 0;
  }

  private int serving(PrintStream out) throws Exception {
    if (batches.stream().anyMatch(b -> b < 1 || b > 1024)
        || callers.stream().anyMatch(c -> c < 1 || c > 64)) {
      throw new UsageException("--batches must lie in 1..1024 and --callers in 1..64, got "
          + batches + " and " + callers);
    }
    if (!dev.clipjvm.clip.api.model.ModelPresets.names().contains(model)) {
      throw new UsageException("unknown --model " + model + "; presets: "
          + dev.clipjvm.clip.api.model.ModelPresets.names());
    }
    ObjectNode all = Json.object();
    all.put("model", model);
    all.put("threads", threads);
    com.fasterxml.jackson.databind.node.ArrayNode points = all.putArray("serving");
    out.printf("%s image encoder, %d intra-op threads, uint8 pixels, random weights%n", model,
        threads);
    out.printf("%6s %8s %10s %12s%n", "batch", "callers", "images/s", "call ms p50");
    for (ServingSweep.Point p : ServingSweep.run(model, batches, callers, threads, seconds)) {
      out.printf("%6d %8d %10.2f %12.1f%n", p.batch(), p.callers(), p.imagesPerSecond(),
          p.medianCallMillis());
      out.flush();
      ObjectNode row = points.addObject();
      row.put("batch", p.batch());
      row.put("callers", p.callers());
      row.put("images_per_s", Math.round(p.imagesPerSecond() * 1000) / 1000.0);
      row.put("call_ms", Math.round(p.medianCallMillis() * 10) / 10.0);
    }
    if (json) {
      JsonOutput.print(all);
    }
    return 0;
  }
}

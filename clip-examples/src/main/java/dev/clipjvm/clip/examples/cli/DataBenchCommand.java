package dev.clipjvm.clip.examples.cli;

import static dev.clipjvm.clip.examples.bench.InputsBenchmark.median;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.data.pipeline.ClipCodecs;
import dev.clipjvm.clip.data.pipeline.LoaderBenchmark;
import dev.clipjvm.clip.data.image.BicubicResampler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip data bench}: loader throughput, optionally next to PIL + torchvision. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {"Measure the loader alone: (1) the demo's synthetic pipeline (the demo "
        + "experiment's image size, augmentation, context and batch, BPE tokens) and (2) 256 px "
        + "JPEG shards to 224 px random resized crops, the path clip train uses (TensorFlow's libjpeg-turbo decoding, "
        + "Pillow-exact crop and resize). With --peer-script, also run the PIL + torchvision "
        + "reference on the same JPEGs (as files), alternating with the loader for --rounds "
        + "rounds."})
public final class DataBenchCommand implements Callable<Integer> {

  @Option(names = "--images", defaultValue = "2048",
      description = "JPEGs to generate (default ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--batches", defaultValue = "40",
      description = "Timed batches per measurement (default ${DEFAULT-VALUE}).")
  int batches;

  @Option(names = "--workers", description = "Decoding threads (default: all cores).")
  int workers = Runtime.getRuntime().availableProcessors();

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Where to write the JPEGs "
      + "(default: a new temporary folder); reused when it already holds --images of them.")
  Path workDir;

  @Option(names = "--peer-script", paramLabel = "PY",
      description = "docs/bench/reference_inputs.py, run with /usr/bin/python3 on the same "
          + "JPEG files.")
  Path peerScript;

  @Option(names = "--clip-src", paramLabel = "DIR", description = "OpenAI CLIP source for the "
      + "peer script (default /tmp/openai_clip).")
  Path clipSrc = Path.of("/tmp/openai_clip");

  @Option(names = "--rounds", defaultValue = "3",
      description = "Measurements of the JPEG loader (and of the peer), alternating; medians are "
      + "reported (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--json", description = "Print one JSON object on one line: "
      + "loader_images_per_s (median), loader_synthetic_images_per_s, rounds (and with a peer "
      + "pil_images_per_s, ratio_vs_pil (median of the per-round ratios) and ratios); the rounds "
      + "for a person go to standard error.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (rounds < 1 || images < 1 || batches < 1 || workers < 1) {
      throw new UsageException("--rounds, --images, --batches and --workers must be at least 1, "
          + "got " + rounds + ", " + images + ", " + batches + " and " + workers);
    }
    PrintStream out = JsonOutput.human(json);
    Path dir = workDir != null ? Files.createDirectories(workDir)
        : Files.createTempDirectory("clip-data-bench");
    Path files = dir.resolve("jpeg");
    String pattern = reusable(dir, files)
        ? dir.resolve("shards").resolve(String.format("bench-{00000..%05d}.tar",
            (images - 1) / 256)).toString()
        : LoaderBenchmark.writeJpegs(dir.resolve("shards"), files, images, 256);
    LoaderBenchmark.Result synthetic = LoaderBenchmark.synthetic(batches, workers);
    out.printf("loader, demo synthetic pipeline + tokens: %.0f images/s (%d in %.2f s)%n",
        synthetic.imagesPerSecond(), synthetic.images(), synthetic.seconds());
    out.printf("JPEG decoder: %s; SIMD resize: %s%n", ClipCodecs.jpegDecoderName(),
        BicubicResampler.simd() ? "on" : "off (run with --add-modules jdk.incubator.vector)");
    // The machine may be shared and its speed drifts: alternate the loader and the reference
    // round by round, so each ratio compares two measurements taken a few seconds apart.
    double[] loader = new double[rounds];
    double[] pil = peerScript == null ? null : new double[rounds];
    double[] ratio = peerScript == null ? null : new double[rounds];
    for (int r = 0; r < rounds; r++) {
      LoaderBenchmark.Result jpeg = LoaderBenchmark.jpegShards(pattern, batches, workers);
      loader[r] = jpeg.imagesPerSecond();
      out.printf("round %d: loader, 256 px JPEG shards -> 224 px random resized crops: "
          + "%.0f images/s (%d in %.2f s, %d workers)", r + 1, loader[r], jpeg.images(),
          jpeg.seconds(), workers);
      if (pil != null) {
        pil[r] = peer(files);
        ratio[r] = loader[r] / pil[r];
        out.printf("; PIL + torchvision (2 processes), same JPEGs: %.0f images/s;"
            + " ratio %.2f", pil[r], ratio[r]);
      }
      out.println();
    }
    out.printf("median of %d rounds: loader %.0f images/s", rounds, median(loader));
    if (pil != null) {
      out.printf(", PIL + torchvision %.0f images/s, ratio %.2f", median(pil),
          median(ratio));
    }
    out.println();
    if (json) {
      ObjectNode o = Json.object();
      o.put("loader_images_per_s", Math.round(median(loader) * 10) / 10.0);
      o.put("loader_synthetic_images_per_s",
          Math.round(synthetic.imagesPerSecond() * 10) / 10.0);
      o.put("rounds", rounds);
      if (pil != null) {
        o.put("pil_images_per_s", Math.round(median(pil) * 10) / 10.0);
        o.put("ratio_vs_pil", Math.round(median(ratio) * 100) / 100.0);
        ArrayNode each = o.putArray("ratios");
        for (double x : ratio) {
          each.add(Math.round(x * 100) / 100.0);
        }
      }
      JsonOutput.print(o);
    }
    return 0;
  }

  /** True when a previous run left the same number of JPEGs (and their shards) in the folder. */
  private boolean reusable(Path dir, Path files) throws IOException {
    if (!Files.isDirectory(files) || !Files.isDirectory(dir.resolve("shards"))) {
      return false;
    }
    try (var list = Files.list(files); var shards = Files.list(dir.resolve("shards"))) {
      return list.count() == images && shards.count() == (images + 255) / 256;
    }
  }

  private Double peer(Path files) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of("/usr/bin/python3", peerScript.toString(),
        "--clip-src", clipSrc.toString(), "--images", files.toString()))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Double value = null;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        JsonNode n = Json.mapper().readTree(line);
        if (n.path("what").asText().startsWith("PIL")) {
          value = n.path("value").asDouble();
        }
      }
    }
    if (p.waitFor() != 0 || value == null) {
      throw new IOException("peer script " + peerScript + " failed or printed no PIL row");
    }
    return value;
  }
}

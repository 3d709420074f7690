package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.data.pipeline.ClipCodecs;
import dev.clipjvm.clip.data.pipeline.LoaderBenchmark;
import dev.clipjvm.clip.tf.data.TfJpegCrops;
import java.io.BufferedReader;
import java.io.IOException;
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
        + "experiment's image size, augmentation, context and batch, BPE tokens) and (2) 256 px JPEG shards to 224 px random "
        + "resized crops (TensorFlow's libjpeg-turbo decoding just the crop window, and the pure-Java ImageIO + Pillow-exact path). With --peer-script, also run the PIL + torchvision reference on the "
        + "same JPEGs (as files) in the same run."})
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
      description = "inputs_peer_bench.py, run with /usr/bin/python3 on the same JPEG files.")
  Path peerScript;

  @Option(names = "--clip-src", paramLabel = "DIR", description = "OpenAI CLIP source for the "
      + "peer script (default /tmp/openai_clip).")
  Path clipSrc = Path.of("/tmp/openai_clip");

  @Option(names = "--json", description = "End with one JSON object: loader_images_per_s "
      + "(TensorFlow JPEG crops), loader_imageio_images_per_s, loader_synthetic_images_per_s "
      + "(and pil_images_per_s, ratio_vs_pil with a peer).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Path dir = workDir != null ? Files.createDirectories(workDir)
        : Files.createTempDirectory("clip-data-bench");
    Path files = dir.resolve("jpeg");
    String pattern = reusable(dir, files)
        ? dir.resolve("shards").resolve(String.format("bench-{00000..%05d}.tar",
            (images - 1) / 256)).toString()
        : LoaderBenchmark.writeJpegs(dir.resolve("shards"), files, images, 256);
    LoaderBenchmark.Result synthetic = LoaderBenchmark.synthetic(batches, workers);
    System.out.printf("loader, demo synthetic pipeline + tokens: %.0f images/s (%d in %.2f s)%n",
        synthetic.imagesPerSecond(), synthetic.images(), synthetic.seconds());
    LoaderBenchmark.Result jpeg;
    try (TfJpegCrops crops = new TfJpegCrops()) {
      jpeg = LoaderBenchmark.jpegShards(pattern, batches, workers,
          ClipCodecs.imagesOnly().withFused(crops));
    }
    System.out.printf("loader, 256 px JPEG shards -> 224 px crops (TensorFlow JPEG crops): "
        + "%.0f images/s (%d in %.2f s, %d workers)%n", jpeg.imagesPerSecond(), jpeg.images(),
        jpeg.seconds(), workers);
    LoaderBenchmark.Result java = LoaderBenchmark.jpegShards(pattern, batches, workers);
    System.out.printf("loader, same with ImageIO decoding and Pillow-exact resampling: "
        + "%.0f images/s (%d in %.2f s)%n", java.imagesPerSecond(), java.images(),
        java.seconds());
    Double pil = peerScript == null ? null : peer(files);
    if (pil != null) {
      System.out.printf("PIL + torchvision (2 processes), same JPEGs: %.0f images/s; "
          + "loader / PIL = %.2f%n", pil, jpeg.imagesPerSecond() / pil);
    }
    if (json) {
      ObjectNode o = DataCommand.JSON.createObjectNode();
      o.put("loader_images_per_s", Math.round(jpeg.imagesPerSecond() * 10) / 10.0);
      o.put("loader_imageio_images_per_s", Math.round(java.imagesPerSecond() * 10) / 10.0);
      o.put("loader_synthetic_images_per_s",
          Math.round(synthetic.imagesPerSecond() * 10) / 10.0);
      if (pil != null) {
        o.put("pil_images_per_s", pil);
        o.put("ratio_vs_pil", Math.round(jpeg.imagesPerSecond() / pil * 100) / 100.0);
      }
      DataCommand.printJson(o);
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
        JsonNode n = DataCommand.JSON.readTree(line);
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

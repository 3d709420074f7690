package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.search.ImageIndex;
import dev.clipjvm.clip.tf.search.ImageIndexer;
import dev.clipjvm.clip.tf.search.ModelIdentity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clip index}: embeds image folders into a search index. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = "Embed the images under one or more folders (recursively; jpg, jpeg, png, gif, "
        + "bmp, webp) into a search index for 'clip search'. The index is written as it grows, "
        + "so an interrupted run resumes where it stopped; re-running embeds only files the "
        + "index does not hold yet; unreadable files are skipped, counted and remembered. An "
        + "index belongs to one model: adding with another checkpoint is refused.")
public final class IndexCommand implements Callable<Integer> {

  @Option(names = "--checkpoint", required = true, paramLabel = "MODEL",
      description = "Model weights (.safetensors, torch.save or OpenAI's TorchScript .pt) or a "
          + "run directory of 'clip train'.")
  Path checkpoint;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "Folders of images.")
  List<Path> dirs;

  @Option(names = "--out", required = true, paramLabel = "INDEX",
      description = "The index directory, created or extended.")
  Path out;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "TensorFlow intra-op threads (0 = all cores).")
  int threads;

  @Mixin DeviceOption device;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Option(names = "--json", description = "Print one JSON object on one line: index, images "
      + "(total), added, already_indexed, failed (this run), failed_before and seconds.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    long t0 = System.nanoTime();
    PrintStream err = System.err;
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        throw new UsageException(dir + " is not a directory");
      }
    }
    if (Files.isDirectory(out) && !Files.exists(out.resolve("index.json"))) {
      try (Stream<Path> entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw new UsageException(out + " is a non-empty folder without an index.json: give a "
              + "new folder or an existing index as --out");
        }
      }
    }
    try (ClipModel model = ClipModel.load(checkpoint, Optional.empty(), device.orAuto(),
        threads)) {
      ModelIdentity id = ModelIdentity.of(checkpoint, model);
      ImageIndex index = Files.exists(out.resolve("index.json"))
          ? SearchModels.checkSameModel(ImageIndex.read(out), id, out) : ImageIndex.empty(id);
      ImageIndexer.Plan plan = ImageIndexer.plan(index, dirs);
      if (!quiet) {
        err.printf(Locale.ROOT, "clip index: %d new images to embed (%d already indexed, %d "
            + "unreadable in earlier runs)%n", plan.pending().size(), plan.indexed(),
            plan.failedBefore());
      }
      ImageIndexer.Outcome outcome;
      try (ProgressBar bar = quiet || plan.pending().isEmpty() ? null
          : new ProgressBarBuilder().setTaskName("embedding").setInitialMax(plan.pending().size())
              .setUnit(" images", 1).showSpeed().setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(500).setConsumer(new ConsoleProgressBarConsumer(err))
              .build()) {
        outcome = ImageIndexer.run(model, index, plan.pending(), out,
            n -> {
              if (bar != null) {
                bar.stepBy(n);
              }
            });
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      outcome.failed().stream().limit(5).forEach(line -> err.println("clip index: skipped "
          + line.replace("\t", ": ")));
      if (outcome.failed().size() > 5) {
        err.println("clip index: ... and " + (outcome.failed().size() - 5)
            + " more unreadable files (all listed in " + out.resolve("failed.txt") + ")");
      }
      if (json) {
        ObjectNode node = Json.object();
        node.put("index", out.toString());
        node.put("images", outcome.index().size());
        node.put("added", outcome.added());
        node.put("already_indexed", plan.indexed());
        node.put("failed", outcome.failed().size());
        node.put("failed_before", plan.failedBefore());
        node.put("seconds", Math.round(seconds * 100) / 100.0);
        JsonOutput.print(node);
      } else {
        System.out.printf(Locale.ROOT, "clip index: added %d images, skipped %d unreadable "
            + "files; %s holds %d images (%.1f s)%n", outcome.added(), outcome.failed().size(),
            out, outcome.index().size(), seconds);
      }
      return 0;
    }
  }
}

package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.data.Stage;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.data.pipeline.ClipCodecs;
import dev.clipjvm.clip.data.pipeline.DatasetStats;
import dev.clipjvm.clip.data.source.TarShardSource;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clip data stats}: counts, histograms and bad records of tar shards. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = "Decode every sample of the shards and report counts, a caption length "
        + "histogram (words), an image size histogram (shorter side) and bad records by reason.")
public final class DataStatsCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "SHARDS",
      description = "Tar shards: paths or brace patterns.")
  List<String> shards;

  @Option(names = "--threads", paramLabel = "N",
      description = "Decoding threads (default: all cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--json", description = "Print one JSON object on one line: samples, bad "
      + "(counts by reason), mean_caption_words, caption_words, image_side and seconds; the "
      + "report for a person goes to standard error.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (threads < 1) {
      throw new UsageException("--threads must be at least 1, got " + threads);
    }
    TarShardSource source = DataCommand.shards(shards);
    PrintStream human = JsonOutput.human(json);
    long t0 = System.nanoTime();
    DatasetStats s = DatasetStats.of(source, ClipCodecs.imagesOnly().decoder(),
        Stage.Decode.DEFAULT_MAX_PIXELS, threads);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long bad = s.bad().values().stream().mapToLong(Long::longValue).sum();
    human.printf("%s: %d samples, %d bad records (%.1f s)%n", source.describe(),
        s.samples(), bad, seconds);
    print(human, "bad records", s.bad());
    human.printf("caption length: mean %.1f words%n", s.meanCaptionWords());
    print(human, "caption words", s.captionWordHistogram());
    print(human, "image shorter side (px)", s.imageSideHistogram());
    if (json) {
      ObjectNode o = Json.object();
      o.put("samples", s.samples());
      s.bad().forEach(o.putObject("bad")::put);
      o.put("mean_caption_words", Math.round(s.meanCaptionWords() * 100) / 100.0);
      s.captionWordHistogram().forEach(o.putObject("caption_words")::put);
      s.imageSideHistogram().forEach(o.putObject("image_side")::put);
      o.put("seconds", Math.round(seconds * 100) / 100.0);
      JsonOutput.print(o);
    }
    return 0;
  }

  private static void print(PrintStream out, String title, Map<String, Long> histogram) {
    long max = Math.max(1, histogram.values().stream().mapToLong(Long::longValue).max()
        .orElse(1));
    out.println(title + ":");
    histogram.forEach((k, v) -> out.printf("  %-16s %9d %s%n", k, v,
        "#".repeat((int) (40 * v / max))));
  }
}

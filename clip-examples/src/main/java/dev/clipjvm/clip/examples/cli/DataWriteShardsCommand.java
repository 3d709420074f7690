package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.data.FolderLayout;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.data.image.ImageDecoder;
import dev.clipjvm.clip.data.pipeline.BadRecordCounts;
import dev.clipjvm.clip.data.source.CsvRecordSource;
import dev.clipjvm.clip.data.source.FolderRecordSource;
import dev.clipjvm.clip.data.source.ImageData;
import dev.clipjvm.clip.data.source.RecordSource;
import dev.clipjvm.clip.data.source.RecordStream;
import dev.clipjvm.clip.data.source.ShardAdmission;
import dev.clipjvm.clip.data.source.ShardWriter;
import dev.clipjvm.clip.data.source.SourceItem;
import dev.clipjvm.clip.data.source.TarShardSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip data write-shards}: converts a CSV/TSV file or an image folder to tar shards. */
@Command(
    name = "write-shards",
    mixinStandardHelpOptions = true,
    description = "Convert a CSV/TSV file (image path and caption columns, paths relative to "
        + "the file) or an image folder (sidecar .txt captions, or class folders with "
        + "--template) into WebDataset shards DIR/PREFIX-NNNNN.tar (KEY.ext + KEY.txt).")
public final class DataWriteShardsCommand implements Callable<Integer> {

  static final class Input {
    @Option(names = "--csv", paramLabel = "FILE", description = "A CSV or TSV file (.tsv: tabs).")
    Path csv;

    @Option(names = "--folder", paramLabel = "DIR", description = "An image folder.")
    Path folder;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  @Option(names = "--image-column", defaultValue = "filepath",
      description = "CSV column of image paths (default ${DEFAULT-VALUE}).")
  String imageColumn;

  @Option(names = "--caption-column", defaultValue = "title",
      description = "CSV column of captions (default ${DEFAULT-VALUE}).")
  String captionColumn;

  @Option(names = "--template", paramLabel = "TEMPLATE",
      description = "Class-per-folder layout: caption template(s) with {} for the class name.")
  List<String> templates = List.of();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(names = "--prefix", defaultValue = "shard", description = "Shard name prefix.")
  String prefix;

  @Option(names = "--per-shard", paramLabel = "N", defaultValue = "10000",
      description = "Samples per shard (default ${DEFAULT-VALUE}).")
  int perShard;

  @Option(names = "--follow-links", description = "Store images reached through symbolic links "
      + "that leave the input folder (refused by default as unsafe_entry).")
  boolean followLinks;

  @Option(names = "--json", description = "Print one JSON object on one line: samples, shards "
      + "and bad (counts by reason); the summary for a person goes to standard error.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (perShard < 1) {
      throw new UsageException("--per-shard must be at least 1, got " + perShard);
    }
    RecordSource source;
    Path root = input.csv != null ? input.csv.toAbsolutePath().getParent() : input.folder;
    if (!Files.isDirectory(root)) {
      throw new UsageException("no such folder: " + root);
    }
    ShardAdmission admission = new ShardAdmission(root, followLinks, new ImageDecoder(),
        TarShardSource.DEFAULT_MAX_ENTRY_BYTES);
    if (input.csv != null) {
      char sep = input.csv.toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
      source = new CsvRecordSource(input.csv, imageColumn, captionColumn, sep);
    } else {
      source = new FolderRecordSource(input.folder, templates.isEmpty()
          ? FolderLayout.SIDECAR_CAPTIONS : FolderLayout.CLASS_PER_FOLDER, templates);
    }
    BadRecordCounts counts = BadRecordCounts.none();
    ShardWriter writer = new ShardWriter(out, prefix, perShard);
    try (writer; RecordStream stream = source.open()) {
      while (stream.hasNext()) {
        SourceItem item = stream.next();
        if (item instanceof SourceItem.Bad b) {
          counts = counts.plusBad(b.reason());
          System.err.println("skipped: " + b.detail());
          continue;
        }
        SourceItem.Pair p = (SourceItem.Pair) item;
        Path file = ((ImageData.File) p.image()).path();
        ShardAdmission.Outcome outcome = admission.admit(file);
        if (outcome instanceof ShardAdmission.Refused r) {
          counts = counts.plusBad(r.reason());
          System.err.println("skipped: " + r.detail());
          continue;
        }
        byte[] bytes = ((ShardAdmission.Admitted) outcome).bytes();
        String name = file.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String meta = p.label().isPresent() ? "{\"label\": " + p.label().getAsInt() + "}" : "";
        writer.write(String.format("%09d", counts.good()), ext, bytes, p.caption(), meta);
        counts = counts.plusGood();
      }
    }
    JsonOutput.human(json).printf("write-shards: %d samples in %d shards (%s), %d skipped%n",
        counts.good(),
        writer.shards().size(), writer.shards().isEmpty() ? "none" : writer.pattern(),
        counts.badTotal());
    if (json) {
      ObjectNode o = Json.object();
      o.put("samples", counts.good()).put("shards", writer.shards().size());
      counts.byKey().forEach(o.putObject("bad")::put);
      JsonOutput.print(o);
    }
    return 0;
  }
}

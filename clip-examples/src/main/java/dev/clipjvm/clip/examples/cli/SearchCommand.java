package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.search.Hit;
import dev.clipjvm.clip.tf.search.ImageIndex;
import dev.clipjvm.clip.tf.search.ModelIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clip search}: ranks the images of an index against a text or an image. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = "Rank the images of an index (made by 'clip index') by cosine similarity to a "
        + "text query or, with --image, to an image, best first. The index's own checkpoint "
        + "encodes the query unless --checkpoint names a copy of it (checked by SHA-256).")
public final class SearchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "INDEX", description = "The index directory.")
  Path index;

  @Parameters(index = "1", arity = "0..1", paramLabel = "QUERY",
      description = "The text to search for, e.g. \"a red car at night\".")
  String query;

  @Option(names = "--image", paramLabel = "FILE",
      description = "Search for images like this one instead of a text.")
  Path image;

  @Option(names = "--top", paramLabel = "K", defaultValue = "10",
      description = "Number of results (default ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--checkpoint", paramLabel = "MODEL",
      description = "The model (weights file or run directory), if the index's checkpoint path "
          + "no longer holds it.")
  Path checkpoint;

  @Option(names = "--vocab", paramLabel = "FILE",
      description = "The vocabulary for text queries (OpenAI merges file, or a Hugging Face "
          + "vocab.json with merges.txt beside it); default: the run's own for a run "
          + "directory or its model.safetensors, else OpenAI's bundled one.")
  Path vocab;

  @Mixin DeviceOption device;

  @Option(names = "--html", paramLabel = "OUT.html",
      description = "Also write a self-contained web page of the results as thumbnails with "
          + "their scores.")
  Path html;

  @Option(names = "--json", description = "Print {\"results\": [{\"image\": PATH, \"score\": S},"
      + " ...]} on one line, best first.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if ((query == null) == (image == null)) {
      throw new UsageException("give either a text QUERY or --image FILE (not both)");
    }
    if (top <= 0) {
      throw new UsageException("--top must be positive, got " + top);
    }
    ImageIndex idx = ImageIndex.read(index);
    Path model = checkpoint != null ? checkpoint : Path.of(idx.model().checkpoint());
    List<Hit> hits;
    try (ClipModel clip = ClipModel.load(model, Optional.ofNullable(vocab), device.orAuto())) {
      SearchModels.checkSameModel(idx, ModelIdentity.of(model, clip), index);
      float[] q = image != null ? clip.embedImage(image) : clip.embedText(query);
      hits = idx.search(q, top);
    }
    String title = image != null ? "images like " + image : query;
    if (html != null) {
      SearchPage.write(html, title, hits);
      System.err.println("clip search: wrote " + html);
    }
    if (json) {
      ObjectNode node = Json.object();
      ArrayNode results = node.putArray("results");
      for (Hit h : hits) {
        results.addObject().put("image", h.image()).put("score", h.score());
      }
      JsonOutput.print(node);
    } else {
      for (Hit h : hits) {
        System.out.printf(Locale.ROOT, "%.4f  %s%n", h.score(), h.image());
      }
    }
    return 0;
  }
}

package dev.clipjvm.clip.api.data;

import dev.clipjvm.clip.api.model.Problems;
import java.util.List;

/**
 * WebDataset tar shards as img2dataset writes them: files grouped by key ({@code KEY.jpg},
 * {@code KEY.txt}, optional {@code KEY.json}).
 *
 * @param shards local paths or brace patterns such as {@code data/shard-{00000..00099}.tar},
 *     expanded in order
 */
public record WebDatasetSource(List<String> shards) implements SourceConfig {

  /** Validates every field and reports all problems at once. */
  public WebDatasetSource {
    Problems.requireNonNull(new String[] {"shards"}, shards);
    shards = List.copyOf(shards);
    Problems c = new Problems().nonEmpty("shards", shards);
    for (int i = 0; i < shards.size(); i++) {
      c.notBlank("shards[" + i + "]", shards.get(i));
      c.check(BracePattern.problem(shards.get(i)).isEmpty(), "shards[" + i + "]",
          BracePattern.problem(shards.get(i)).orElse(""));
    }
    c.throwIfAny();
  }

  @Override
  public String type() {
    return "webdataset";
  }

  /** Every shard path, brace patterns expanded, in order. */
  public List<String> expandedShards() {
    return shards.stream().flatMap(s -> BracePattern.expand(s).stream()).toList();
  }

  public WebDatasetSource withShards(List<String> v) {
    return new WebDatasetSource(v);
  }
}

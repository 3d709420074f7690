package dev.clipjvm.clip.data.source;

import dev.clipjvm.clip.api.data.CsvSource;
import dev.clipjvm.clip.api.data.IdxSource;
import dev.clipjvm.clip.api.data.ImageFolderSource;
import dev.clipjvm.clip.api.data.MixedSource;
import dev.clipjvm.clip.api.data.SourceConfig;
import dev.clipjvm.clip.api.data.SyntheticSource;
import dev.clipjvm.clip.api.data.WebDatasetSource;
import dev.clipjvm.clip.api.data.WeightedSource;
import java.nio.file.Path;
import java.util.List;

/** Opens source descriptions as record sources; the one place that dispatches on the variant. */
public final class Sources {
  private Sources() {}

  /** The record sources of {@code config} (one per part of a mixture) with their weights. */
  public static ResolvedSource resolve(SourceConfig config, int renderSize) {
    if (config instanceof MixedSource m) {
      List<RecordSource> parts = m.sources().stream().map(WeightedSource::source)
          .map(s -> open(s, renderSize)).toList();
      return new ResolvedSource(parts, m.probabilities());
    }
    return ResolvedSource.of(open(config, renderSize));
  }

  /**
   * The record source of a single (not mixed) description; generated images (synthetic data)
   * are rendered at {@code renderSize} pixels.
   */
  public static RecordSource open(SourceConfig config, int renderSize) {
    if (config instanceof WebDatasetSource w) {
      return TarShardSource.of(w.shards());
    } else if (config instanceof CsvSource c) {
      return new CsvRecordSource(Path.of(c.path()), c.imageColumn(), c.captionColumn(),
          c.separator());
    } else if (config instanceof ImageFolderSource f) {
      return new FolderRecordSource(Path.of(f.path()), f.layout(), f.templates());
    } else if (config instanceof SyntheticSource s) {
      return SyntheticRecordSource.of(s, renderSize);
    } else if (config instanceof IdxSource x) {
      return new IdxRecordSource(Path.of(x.images()), Path.of(x.labels()), x.classNames(),
          x.templates());
    }
    throw new IllegalArgumentException("a mixed source cannot be a part of another mixture");
  }
}

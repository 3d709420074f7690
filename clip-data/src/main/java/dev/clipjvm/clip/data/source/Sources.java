package dev.clipjvm.clip.data.source;

import dev.clipjvm.clip.api.data.Augmentation;
import dev.clipjvm.clip.api.data.CsvSource;
import dev.clipjvm.clip.api.data.IdxSource;
import dev.clipjvm.clip.api.data.ImageFolderSource;
import dev.clipjvm.clip.api.data.MixedSource;
import dev.clipjvm.clip.api.data.SourceConfig;
import dev.clipjvm.clip.api.data.SyntheticSource;
import dev.clipjvm.clip.api.data.WebDatasetSource;
import dev.clipjvm.clip.api.data.WeightedSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens source descriptions as record sources; the one place that dispatches on the variant. */
public final class Sources {
  private Sources() {}

  /**
   * The record sources of {@code config} (one per part of a mixture) with their weights, for
   * inputs of {@code imageSize} pixels made by {@code augmentation} (generated images are
   * rendered for them).
   */
  public static ResolvedSource resolve(SourceConfig config, int imageSize,
      Augmentation augmentation) {
    if (config instanceof MixedSource m) {
      List<RecordSource> parts = m.sources().stream().map(WeightedSource::source)
          .map(s -> open(s, imageSize, augmentation)).toList();
      return new ResolvedSource(parts, m.probabilities());
    }
    return ResolvedSource.of(open(config, imageSize, augmentation));
  }

  /**
   * The record source of a single (not mixed) description; generated images (synthetic data)
   * are rendered for inputs of {@code imageSize} pixels made by {@code augmentation}.
   */
  public static RecordSource open(SourceConfig config, int imageSize,
      Augmentation augmentation) {
    if (config instanceof WebDatasetSource w) {
      return TarShardSource.of(w.shards());
    } else if (config instanceof CsvSource c) {
      return new CsvRecordSource(Path.of(c.path()), c.imageColumn(), c.captionColumn(),
          c.separator());
    } else if (config instanceof ImageFolderSource f) {
      return new FolderRecordSource(Path.of(f.path()), f.layout(), f.templates());
    } else if (config instanceof SyntheticSource s) {
      return SyntheticRecordSource.of(s, imageSize, augmentation);
    } else if (config instanceof IdxSource x) {
      return new IdxRecordSource(Path.of(x.images()), Path.of(x.labels()), x.classNames(),
          x.templates());
    }
    throw new IllegalArgumentException("a mixed source cannot be a part of another mixture");
  }

  /**
   * The first {@code count} captions of {@code config}'s training records, for learning a
   * vocabulary: of a mixture, an equal share from each part in order. No image is decoded.
   */
  public static List<String> captions(SourceConfig config, int count) throws IOException {
    ResolvedSource resolved = resolve(config, 8, Augmentation.centerCrop());
    List<String> out = new ArrayList<>(count);
    int parts = resolved.parts().size();
    for (int i = 0; i < parts; i++) {
      int share = (count - out.size()) / (parts - i);
      out.addAll(resolved.parts().get(i).captions(share));
    }
    return out;
  }
}

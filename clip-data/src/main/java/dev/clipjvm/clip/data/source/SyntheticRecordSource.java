package dev.clipjvm.clip.data.source;

import dev.clipjvm.clip.api.data.SyntheticSource;
import dev.clipjvm.clip.data.image.Pixels;
import dev.clipjvm.clip.data.synthetic.Split;
import dev.clipjvm.clip.data.synthetic.SyntheticDataset;
import dev.clipjvm.clip.data.synthetic.SyntheticImage;
import dev.clipjvm.clip.data.synthetic.SyntheticSpec;
import java.util.NoSuchElementException;

/**
 * The built-in procedural dataset as a record source: record {@code i} of every pass is sample
 * {@code i} of the training split (or of the held-out combinations), rendered on the worker that
 * decodes it.
 */
public final class SyntheticRecordSource implements RecordSource {
  private final SyntheticDataset dataset;
  private final Split split;
  private final long samples;

  /** {@code samples} records of {@code split} from {@code dataset}. */
  public SyntheticRecordSource(SyntheticDataset dataset, Split split, long samples) {
    this.dataset = dataset;
    this.split = split;
    this.samples = samples;
  }

  /** The source described by {@code config}, rendering {@code renderSize} pixel images. */
  public static SyntheticRecordSource of(SyntheticSource config, int renderSize) {
    return new SyntheticRecordSource(
        new SyntheticDataset(SyntheticSpec.of(config.seed(), renderSize)),
        config.heldOut() ? Split.HELD_OUT_COMBOS : Split.TRAIN, config.samples());
  }

  @Override
  public RecordStream open() {
    return new RecordStream() {
      private long next;

      @Override
      public boolean hasNext() {
        return next < samples;
      }

      @Override
      public SourceItem next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        long index = next++;
        String key = "synthetic-" + index;
        return new SourceItem.Deferred(key, () -> {
          SyntheticImage s = dataset.sample(split, index);
          Pixels image = Pixels.rgb(s.size(), s.size(), s.pixels());
          return SourceItem.Pair.of(key, new ImageData.Rendered(() -> image), s.caption());
        });
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public String describe() {
    return "synthetic " + split + " (" + samples + " samples)";
  }
}

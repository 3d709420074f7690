package dev.clipjvm.clip.data.source;

import dev.clipjvm.clip.api.data.Augmentation;
import dev.clipjvm.clip.api.data.CenterCrop;
import dev.clipjvm.clip.api.data.SyntheticSource;
import dev.clipjvm.clip.data.image.Pixels;
import dev.clipjvm.clip.data.synthetic.SceneRenderer;
import dev.clipjvm.clip.data.synthetic.Split;
import dev.clipjvm.clip.data.synthetic.SyntheticDataset;
import dev.clipjvm.clip.data.synthetic.SyntheticSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.function.ToIntFunction;

/**
 * The built-in procedural dataset as a record source: record {@code i} of every pass is sample
 * {@code i} of a split (training, test or held-out combinations), rendered on the worker that
 * processes it, so the synthetic data runs through the same decode (a pass-through: pixels are
 * generated), augment, tokenize and batch stages as files do.
 *
 * <p>For a random augmentation the scene is rendered on a canvas wider than it is tall (a
 * margin of an eighth of the image size on each side, continuing the background): a random
 * square crop of a square image would always be the whole image, so the wider canvas is what
 * lets the paper's crop shift the scene, and a random resized crop sees a photograph-like
 * aspect ratio. The centre crop renders the square image, pixel for pixel what a model is
 * evaluated on.
 */
public final class SyntheticRecordSource implements RecordSource {
  private final SyntheticDataset dataset;
  private final Split split;
  private final long samples;
  private final int margin;
  private final ToIntFunction<SyntheticDataset.Drawn> label;

  /**
   * {@code samples} records of {@code split} from {@code dataset}, rendered with {@code margin}
   * extra background pixels left and right, labelled by {@code label} (-1: no label).
   */
  public SyntheticRecordSource(SyntheticDataset dataset, Split split, long samples, int margin,
      ToIntFunction<SyntheticDataset.Drawn> label) {
    if (samples <= 0 || margin < 0) {
      throw new IllegalArgumentException("samples " + samples + " must be positive and margin "
          + margin + " not negative");
    }
    this.dataset = dataset;
    this.split = split;
    this.samples = samples;
    this.margin = margin;
    this.label = label;
  }

  /**
   * The training source described by {@code config} for inputs of {@code imageSize} pixels
   * made by {@code augmentation}.
   */
  public static SyntheticRecordSource of(SyntheticSource config, int imageSize,
      Augmentation augmentation) {
    return new SyntheticRecordSource(
        new SyntheticDataset(SyntheticSpec.of(config.seed(), imageSize)
            .withShift(config.shift())),
        config.heldOut() ? Split.HELD_OUT_COMBOS : Split.TRAIN, config.samples(),
        margin(imageSize, augmentation), d -> -1);
  }

  /** Background pixels added left and right of the scene for {@code augmentation}. */
  static int margin(int imageSize, Augmentation augmentation) {
    return augmentation instanceof CenterCrop ? 0 : Math.max(1, imageSize / 8);
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
        return new SourceItem.Deferred(key, () -> render(key, index));
      }

      @Override
      public void close() {}
    };
  }

  private SourceItem render(String key, long index) {
    SyntheticDataset.Drawn d = dataset.draw(split, index);
    int size = dataset.spec().imageSize();
    Pixels image = Pixels.rgb(size + 2 * margin, size,
        SceneRenderer.render(d.scene(), size, margin));
    int l = label.applyAsInt(d);
    return new SourceItem.Pair(key, new ImageData.Rendered(() -> image), d.caption(), "",
        l < 0 ? OptionalInt.empty() : OptionalInt.of(l));
  }

  @Override
  public long count() {
    return samples;
  }

  @Override
  public List<String> captions(int count) {
    List<String> out = new ArrayList<>(count);
    for (long i = 0; i < Math.min(count, samples); i++) {
      out.add(dataset.caption(split, i));
    }
    return out;
  }

  @Override
  public String describe() {
    return "synthetic " + split + " (" + samples + " samples)";
  }
}

package dev.clipjvm.clip.tf.experiment;

import dev.clipjvm.clip.api.data.DataConfig;
import dev.clipjvm.clip.api.data.IdxSource;
import dev.clipjvm.clip.api.data.SourceConfig;
import dev.clipjvm.clip.api.data.SyntheticSource;
import dev.clipjvm.clip.data.idx.LabelledImages;
import dev.clipjvm.clip.data.synthetic.Split;
import dev.clipjvm.clip.data.synthetic.SyntheticDataset;
import dev.clipjvm.clip.data.synthetic.SyntheticImage;
import dev.clipjvm.clip.data.synthetic.SyntheticSpec;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.data.text.Overflow;
import dev.clipjvm.clip.tf.train.Batch;
import dev.clipjvm.clip.tf.train.BatchSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training data of an experiment as a {@link BatchSource}: pair {@code p} of the stream is a pure
 * function of the source's seed and {@code p}, so a resumed run sees exactly the batches an
 * uninterrupted one would. Built-in synthetic data and IDX files are generated here; file-based
 * sources go through the clip-data loader ({@link LoaderBatchSource}).
 */
public final class Sources {
  private Sources() {}

  /** The synthetic dataset of a source at an image size (held-out combinations: the default). */
  public static SyntheticDataset synthetic(SyntheticSource s, int imageSize) {
    return new SyntheticDataset(SyntheticSpec.of(s.seed(), imageSize));
  }

  /**
   * Opens {@code data} as batches tokenized by {@code tokenizer} to {@code context} tokens;
   * {@code seed} orders file-based data (synthetic data carries its own seed).
   */
  public static BatchSource open(DataConfig data, BpeTokenizer tokenizer, int context,
      long seed) {
    SourceConfig source = data.source();
    if (source instanceof SyntheticSource s) {
      SyntheticDataset ds = synthetic(s, data.imageSize());
      Split split = s.heldOut() ? Split.HELD_OUT_COMBOS : Split.TRAIN;
      return (position, size) -> {
        int side = data.imageSize();
        byte[] pixels = new byte[size * side * side * 3];
        List<String> captions = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          SyntheticImage img = ds.sample(split, Math.floorMod(position + i, s.samples()));
          System.arraycopy(img.pixels(), 0, pixels, i * side * side * 3, side * side * 3);
          captions.add(img.caption());
        }
        return new Batch(size, side, pixels,
            tokenizer.tokenize(captions, context, Overflow.TRUNCATE));
      };
    }
    if (source instanceof IdxSource s) {
      LabelledImages set = readIdx(s.images(), s.labels(), s.classNames());
      return idx(set, s.templates(), data.imageSize(), tokenizer, context, seed);
    }
    // WebDataset shards, CSV/TSV, image folders and mixtures: the clip-data loader.
    return new LoaderBatchSource(data, tokenizer, context, seed);
  }

  /** Reads IDX image and label files, wrapping I/O problems with the file names. */
  public static LabelledImages readIdx(String images, String labels, List<String> classes) {
    try {
      return LabelledImages.read(Path.of(images), Path.of(labels), classes);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /**
   * IDX pairs in a fresh random order each epoch (a permutation seeded by the epoch), captions
   * from a template picked per pair.
   */
  static BatchSource idx(LabelledImages set, List<String> templates, int side,
      BpeTokenizer tokenizer, int context, long seed) {
    int n = set.size();
    return (position, size) -> {
      byte[] pixels = new byte[size * side * side * 3];
      List<String> captions = new ArrayList<>(size);
      int[] order = null;
      long orderEpoch = -1;
      for (int i = 0; i < size; i++) {
        long p = position + i;
        long epoch = p / n;
        if (epoch != orderEpoch) {
          order = permutation(n, seed * 31 + epoch);
          orderEpoch = epoch;
        }
        int item = order[(int) (p % n)];
        byte[] rgb = Images.resize(set.rgb(item), set.height(), set.width(), side);
        System.arraycopy(rgb, 0, pixels, i * side * side * 3, side * side * 3);
        String template = templates.get(new SplittableRandom(seed ^ p).nextInt(templates.size()));
        captions.add(template.replace("{}", set.classNames().get(set.label(item))));
      }
      return new Batch(size, side, pixels, tokenizer.tokenize(captions, context, Overflow.TRUNCATE));
    };
  }

  /** A Fisher-Yates permutation of {@code 0..n-1} from {@code seed}. */
  static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}

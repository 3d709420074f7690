package dev.clipjvm.clip.data.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Decode, transform and normalize in one call: files to the float arrays an image encoder takes.
 * Batches are processed in parallel on a pool of the given number of threads.
 *
 * @param decoder decodes files, with its pixel limit
 * @param transform fits each image into the square
 * @param normalization the per-channel statistics
 */
public record Preprocessor(ImageDecoder decoder, ImageTransform transform,
    Normalization normalization) {

  /** Checks that no part is missing. */
  public Preprocessor {
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(transform, "transform");
    Objects.requireNonNull(normalization, "normalization");
  }

  /** OpenAI's eval preprocessing at {@code size} with the default pixel limit. */
  public static Preprocessor clipEval(int size) {
    return new Preprocessor(new ImageDecoder(), ImageTransform.eval(size), Normalization.CLIP);
  }

  /** The transformed RGB image of one file, 8-bit. */
  public Pixels pixels(Path image, long seed) throws IOException {
    return transform.apply(decoder.decode(image), seed);
  }

  /** The normalized {@code [3, S, S]} array of one file. */
  public float[] chw(Path image) throws IOException {
    return chw(image, 0L);
  }

  private float[] chw(Path image, long seed) throws IOException {
    return normalization.chw(transform.planes(decoder.decode(image), seed));
  }

  /**
   * The normalized {@code [3, S, S]} arrays of {@code images} in order, computed on
   * {@code threads} threads; image {@code i} uses seed {@code seed + i} for random transforms.
   */
  public List<float[]> chw(List<Path> images, long seed, int threads) throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "clip-preprocess");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<float[]>> futures = new ArrayList<>(images.size());
      for (int i = 0; i < images.size(); i++) {
        Path p = images.get(i);
        long s = seed + i;
        futures.add(pool.submit(() -> chw(p, s)));
      }
      List<float[]> out = new ArrayList<>(images.size());
      for (Future<float[]> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while preprocessing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("preprocessing failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}

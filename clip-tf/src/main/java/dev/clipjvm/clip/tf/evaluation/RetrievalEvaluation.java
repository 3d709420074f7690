package dev.clipjvm.clip.tf.evaluation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.data.source.CaptionedDataset;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.inference.ImageFeatures;
import dev.clipjvm.clip.tf.inference.ImageOutput;
import dev.clipjvm.clip.tf.transfer.Retrieval;
import java.io.IOException;
import java.util.List;

/**
 * Image-text retrieval of a model on captioned images: every distinct image is embedded once and
 * every caption once, then scored by {@link Retrieval} (the one implementation, also behind
 * {@code clip eval retrieval --features}).
 */
public final class RetrievalEvaluation {
  private static final int[] KS = {1, 5, 10};

  private RetrievalEvaluation() {}

  /**
   * The embeddings retrieval is scored on.
   *
   * @param imageFeatures {@code [images, dim]} row-major, L2-normalized
   * @param textFeatures {@code [texts, dim]} row-major, L2-normalized
   * @param dim the embedding width
   * @param textToImage for each caption, its image
   */
  public record Embeddings(float[] imageFeatures, float[] textFeatures, int dim,
      int[] textToImage) {
    /** Number of images. */
    public int images() {
      return imageFeatures.length / dim;
    }

    /** Number of captions. */
    public int texts() {
      return textToImage.length;
    }

    /** Scores retrieval between the images and the captions. */
    public Retrieval.Result score() {
      return Retrieval.evaluate(imageFeatures, textFeatures, dim, textToImage);
    }
  }

  /** Embeds the images of {@code data} and its captions, {@code batch} at a time. */
  public static Embeddings embed(ClipModel model, CaptionedDataset data, int batch)
      throws IOException {
    List<CaptionedDataset.Image> images = data.images();
    float[][] img = ImageFeatures.encode(model,
        images.stream().map(CaptionedDataset.Image::image).toList(),
        images.stream().map(CaptionedDataset.Image::name).toList(), ImageOutput.EMBEDDING,
        batch, done -> { });
    List<String> captions = data.captions();
    float[][] txt = new float[captions.size()][];
    for (int start = 0; start < captions.size(); start += batch) {
      float[][] part = model.embedTexts(captions.subList(start,
          Math.min(captions.size(), start + batch)));
      System.arraycopy(part, 0, txt, start, part.length);
    }
    int dim = img[0].length;
    return new Embeddings(flat(img, dim), flat(txt, dim), dim, data.captionToImage());
  }

  /**
   * The JSON document of a result: {@code image_to_text_r1/r5/r10}, {@code
   * text_to_image_r1/r5/r10}, mean and median ranks both ways, {@code images}, {@code texts}.
   */
  public static ObjectNode json(Retrieval.Result r, long images, long texts) {
    ObjectNode o = Json.object();
    for (int k : KS) {
      o.put("image_to_text_r" + k, r.imageToTextRecall(k));
    }
    for (int k : KS) {
      o.put("text_to_image_r" + k, r.textToImageRecall(k));
    }
    o.put("image_to_text_mean_rank", r.imageToTextMeanRank());
    o.put("image_to_text_median_rank", r.imageToTextMedianRank());
    o.put("text_to_image_mean_rank", r.textToImageMeanRank());
    o.put("text_to_image_median_rank", r.textToImageMedianRank());
    o.put("images", images);
    o.put("texts", texts);
    return o;
  }

  private static float[] flat(float[][] rows, int dim) {
    float[] out = new float[Math.multiplyExact(rows.length, dim)];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, out, i * dim, dim);
    }
    return out;
  }
}

package dev.clipjvm.clip.tf.export;

import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.tf.model.ClipGraph;
import dev.clipjvm.clip.tf.params.InitialValues;
import dev.clipjvm.clip.tf.params.VariableParameters;
import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Writes a CLIP model as a TensorFlow SavedModel (tag {@code serve}) for TensorFlow Serving,
 * Python's {@code tf.saved_model.load} or TensorFlow Java's {@code SavedModelBundle}.
 *
 * <p>Signatures (embeddings are L2-normalized):
 * <ul>
 *   <li>{@code encode_text}: {@code input_ids} INT32 {@code [n, context]} (start token, BPE ids,
 *       end token, zero padding) to {@code text_embeds} FLOAT {@code [n, embed_dim]};
 *   <li>{@code encode_pixels}: {@code pixel_values} FLOAT {@code [n, 3, S, S]}, already
 *       preprocessed, to {@code image_embeds};
 *   <li>{@code encode_image}: {@code images} UINT8 {@code [n, h, w, 3]} of any size, resized,
 *       cropped and normalized in the graph ({@link InGraphTransform}), to {@code image_embeds};
 *   <li>{@code logits}: {@code input_ids} and {@code pixel_values} to {@code logits_per_image}
 *       {@code [n_images, n_texts]}, scaled by {@code exp(logit_scale)}.
 * </ul>
 *
 * <p>Weights are saved as variables in the SavedModel's checkpoint, not as graph constants:
 * constants make TensorFlow's graph optimizer fold them for tens of seconds at every load.
 */
public final class SavedModelExport {
  /** The SavedModel tag the signatures are saved under. */
  public static final String TAG = "serve";

  private SavedModelExport() {}

  /** Exports the model {@code config} with weights {@code values} to the directory {@code dir}. */
  public static void write(ClipConfig config, InitialValues values, Path dir) throws IOException {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      VariableParameters params = new VariableParameters(graph);
      ClipGraph clip = new ClipGraph(config, params);
      int size = config.vision().imageSize();
      int context = config.text().contextLength();

      Placeholder<TInt32> inputIds = tf.withName("input_ids").placeholder(TInt32.class,
          Placeholder.shape(Shape.of(-1, context)));
      Operand<TFloat32> textFeatures = clip.textFeatures(tf, inputIds);
      Operand<TFloat32> text = tf.withName("text_embeds")
          .identity(ClipGraph.normalize(tf, textFeatures));

      Placeholder<TFloat32> pixelValues = tf.withName("pixel_values").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, 3, size, size)));
      Operand<TFloat32> pixelFeatures = clip.imageFeatures(tf, pixelValues);
      Operand<TFloat32> pixelEmbeds = tf.withName("pixel_embeds")
          .identity(ClipGraph.normalize(tf, pixelFeatures));

      Placeholder<TUint8> images = tf.withName("images").placeholder(TUint8.class,
          Placeholder.shape(Shape.of(-1, -1, -1, 3)));
      Operand<TFloat32> imageEmbeds = tf.withName("image_embeds").identity(ClipGraph.normalize(
          tf, clip.imageFeaturesNhwc(tf, InGraphTransform.apply(tf, images, size))));

      // The logits reuse the encoders above rather than building more towers.
      Operand<TFloat32> logits = tf.withName("logits_per_image")
          .identity(clip.logits(tf, pixelFeatures, textFeatures));

      try (Session session = new Session(graph)) {
        params.initialize(session, values);
        SavedModelBundle.exporter(dir.toString())
            .withTags(TAG)
            .withSession(session)
            .withSignatures(
                Signature.builder("encode_text").input("input_ids", inputIds)
                    .output("text_embeds", text).build(),
                Signature.builder("encode_pixels").input("pixel_values", pixelValues)
                    .output("image_embeds", pixelEmbeds).build(),
                Signature.builder("encode_image").input("images", images)
                    .output("image_embeds", imageEmbeds).build(),
                Signature.builder("logits").input("input_ids", inputIds)
                    .input("pixel_values", pixelValues)
                    .output("logits_per_image", logits).build())
            .export();
      }
    }
  }
}

package dev.clipjvm.clip.tf.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.data.image.EvalTransform;
import dev.clipjvm.clip.data.image.ImageDecoder;
import dev.clipjvm.clip.data.image.Normalization;
import dev.clipjvm.clip.data.image.Pixels;
import dev.clipjvm.clip.data.image.ResizeMode;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorFile;
import dev.clipjvm.clip.tf.model.ReferenceFixtures;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * The in-graph eval transform against Pillow's output (the reference's preprocess vectors) and
 * against the host-side {@link EvalTransform}; prints the differences docs/export.md quotes.
 */
class InGraphTransformTest {

  @ParameterizedTest
  @CsvSource({"gradient_317x211.png, 224",
      "gradient_317x211.png, 64", "gray_64x64.png, 224", "gray_64x64.png, 64",
      "noise_150x400.png, 224", "noise_150x400.png, 64"})
  void matchesPillowWithinOneLevel(String name, int size) throws Exception {
    Path reference = ReferenceFixtures.dir("vit-tiny").getParent();
    Pixels image = new ImageDecoder().decode(reference.resolve("images").resolve(name)).toRgb();
    TensorFile vectors = Safetensors.read(reference.resolve("vectors/preprocess.safetensors"));
    float[] pillow = vectors.get(name + "@" + size)
        .toFloats(); // CHW

    byte[] hwc = Normalization.uint8Hwc(image);
    float[] graphHwc;
    byte[] graphPixels;
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TUint8> in = tf.placeholder(TUint8.class,
          Placeholder.shape(Shape.of(-1, -1, -1, 3)));
      Operand<TUint8> pixels = InGraphTransform.resizeCrop(tf, in, size);
      Operand<TFloat32> normalized = InGraphTransform.apply(tf, in, size);
      try (TUint8 t = TUint8.tensorOf(Shape.of(1, image.height(), image.width(), 3),
              DataBuffers.of(hwc, true, false));
          Result r = session.runner().feed(in, t).fetch(pixels).fetch(normalized).run()) {
        graphPixels = new byte[size * size * 3];
        ((TUint8) r.get(0)).copyTo(DataBuffers.of(graphPixels, false, false));
        graphHwc = new float[size * size * 3];
        ((TFloat32) r.get(1)).copyTo(DataBuffers.of(graphHwc, false, false));
      }
    }

    double max = 0;
    double sum = 0;
    int plane = size * size;
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        double d = Math.abs(graphHwc[p * 3 + c] - pillow[c * plane + p]);
        max = Math.max(max, d);
        sum += d;
      }
    }
    double mean = sum / (3.0 * plane);

    byte[] host = Normalization.uint8Hwc(new EvalTransform(size, ResizeMode.SHORTEST)
        .apply(image, 0));
    int levels = 0;
    for (int i = 0; i < host.length; i++) {
      levels = Math.max(levels, Math.abs((host[i] & 0xff) - (graphPixels[i] & 0xff)));
    }
    System.out.printf(Locale.ROOT,
        "in-graph vs Pillow %s @%d: max %.4f mean %.6f (normalized); vs host %d levels%n",
        name, size, max, mean, levels);
    // The reference README's parity bar for preprocessing: about one 8-bit level.
    assertThat(max).isLessThanOrEqualTo(0.016);
    assertThat(mean).isLessThanOrEqualTo(0.001);
    assertThat(levels).isLessThanOrEqualTo(1);
  }
}

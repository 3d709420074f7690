package dev.clipjvm.clip.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The SIMD passes must give exactly the scalar passes' bytes (which are Pillow's, checked against
 * the reference fixtures elsewhere), for every channel count, for shrinking and enlarging, for
 * windows and for sizes that leave partial vector blocks.
 */
class SimdResamplerTest {

  @Test
  void theBuildRunsTestsWithTheVectorApiSoTheSimdPathIsTheOneTested() {
    // The surefire argLine adds jdk.incubator.vector; on an AVX2 (or wider) machine the resize
    // then runs on SIMD lanes, and the comparisons below compare two different code paths.
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
    assertThat(BicubicResampler.simd()).isEqualTo(SimdResampler.usable());
  }

  @Test
  void simdAndScalarResizesAreIdenticalOnRandomImagesSizesAndWindows() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 300; i++) {
      int channels = i % 5 == 4 ? 1 + random.nextInt(4) : 3;
      int w = 1 + random.nextInt(i < 200 ? 40 : 300);
      int h = 1 + random.nextInt(i < 200 ? 40 : 300);
      int outW = 1 + random.nextInt(Math.max(2, w * 2));
      int outH = 1 + random.nextInt(Math.max(2, h * 2));
      Pixels in = noise(w, h, channels, random);
      int wx = random.nextInt(outW);
      int wy = random.nextInt(outH);
      Window window = new Window(wx, wy, 1 + random.nextInt(outW - wx),
          1 + random.nextInt(outH - wy));
      Pixels simd = BicubicResampler.resize(in, outW, outH, window, true);
      Pixels scalar = BicubicResampler.resize(in, outW, outH, window, false);
      assertThat(simd.data()).as("%dx%dx%d -> %dx%d %s", w, h, channels, outW, outH, window)
          .containsExactly(scalar.data());
    }
  }

  @Test
  void theEvalGeometryOfA500x375PhotoIsIdentical() {
    Pixels in = noise(500, 375, 3, new SplittableRandom(1));
    Window crop = new Window(37, 0, 224, 224);
    assertThat(BicubicResampler.resize(in, 298, 224, crop, true).data())
        .containsExactly(BicubicResampler.resize(in, 298, 224, crop, false).data());
  }

  @Test
  void extremeSamplesClipLikeTheScalarPath() {
    // Enlarging a checkerboard of 0 and 255 squares overshoots both ends of the range at every
    // edge (bicubic lobes), so the clipping to 0..255 is exercised on every vector.
    byte[] data = new byte[16 * 16 * 3];
    for (int i = 0; i < data.length; i++) {
      int x = (i / 3) % 16;
      int y = i / (16 * 3);
      data[i] = (byte) ((x / 4 + y / 4) % 2 == 0 ? 0 : 255);
    }
    Pixels in = Pixels.rgb(16, 16, data);
    Pixels simd = BicubicResampler.resize(in, 57, 41, Window.of(57, 41), true);
    assertThat(simd.data()).containsExactly(
        BicubicResampler.resize(in, 57, 41, Window.of(57, 41), false).data());
    long clipped = 0;
    for (byte b : simd.data()) {
      clipped += b == 0 || b == (byte) 255 ? 1 : 0;
    }
    assertThat(clipped).isGreaterThan(simd.data().length / 4);
  }

  @Test
  void planesAreTheInterleavedResizeSplitByChannel() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 60; i++) {
      int w = 2 + random.nextInt(120);
      int h = 2 + random.nextInt(120);
      int outW = 1 + random.nextInt(w * 2);
      int outH = 1 + random.nextInt(h * 2);
      Pixels in = noise(w, h, i % 10 == 9 ? 1 : 3, random);
      int wx = random.nextInt(outW);
      int wy = random.nextInt(outH);
      Window window = new Window(wx, wy, 1 + random.nextInt(outW - wx),
          1 + random.nextInt(outH - wy));
      RgbPlanes planes = BicubicResampler.resizePlanes(in, outW, outH, window);
      RgbPlanes expected = RgbPlanes.of(BicubicResampler.resize(in, outW, outH, window, false));
      assertThat(planes.data()).as("%dx%d -> %dx%d %s", w, h, outW, outH, window)
          .containsExactly(expected.data());
      assertThat(planes.toPixels().data()).containsExactly(
          BicubicResampler.resize(in, outW, outH, window, false).toRgb().data());
    }
  }

  @Test
  void transformsGiveTheSamePlanesAsTheirInterleavedImages() {
    Pixels photo = noise(500, 375, 3, new SplittableRandom(5));
    for (ImageTransform t : new ImageTransform[] {ImageTransform.eval(224),
        new EvalTransform(224, ResizeMode.LONGEST), RandomResizedCrop.openClip(224),
        new RandomSquareCrop(224)}) {
      assertThat(t.planes(photo, 9).data()).as(t.toString())
          .containsExactly(RgbPlanes.of(t.apply(photo, 9)).data());
    }
  }

  @Test
  void simdNormalizationEqualsTheScalarFormulaForEverySampleValue() {
    byte[] data = new byte[3 * 16 * 16];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    RgbPlanes planes = new RgbPlanes(16, 16, data);
    float[] out = Normalization.CLIP.chw(planes);
    float[] mean = Normalization.CLIP.mean();
    float[] std = Normalization.CLIP.std();
    for (int i = 0; i < data.length; i++) {
      int c = i / 256;
      assertThat(out[i]).isEqualTo(((data[i] & 0xFF) / 255f - mean[c]) / std[c]);
    }
    assertThat(out).containsExactly(Normalization.CLIP.chw(planes.toPixels()));
  }

  @Test
  void byteTransposeMovesEverySampleToItsColumnAndBack() {
    SplittableRandom random = new SplittableRandom(3);
    int stride = 61;
    byte[] rows = new byte[stride * 8 + 5];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (byte) random.nextInt(256);
    }
    int[] offsets = new int[8];
    for (int r = 0; r < 8; r++) {
      offsets[r] = 2 + r * stride;
    }
    int count = 59; // seven blocks of eight and a tail of three
    byte[] columns = new byte[count * 8 + 4];
    ByteTranspose.rowsToColumns(rows, offsets, count, columns, 4);
    for (int s = 0; s < count; s++) {
      for (int r = 0; r < 8; r++) {
        assertThat(columns[4 + s * 8 + r]).isEqualTo(rows[offsets[r] + s]);
      }
    }
    byte[] back = new byte[rows.length];
    ByteTranspose.columnsToRows(columns, 4, count, back, offsets);
    for (int r = 0; r < 8; r++) {
      for (int s = 0; s < count; s++) {
        assertThat(back[offsets[r] + s]).isEqualTo(rows[offsets[r] + s]);
      }
    }
  }

  private static Pixels noise(int w, int h, int channels, SplittableRandom random) {
    byte[] data = new byte[w * h * channels];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) random.nextInt(256);
    }
    return new Pixels(w, h, channels, false, data);
  }
}

package dev.clipjvm.clip.data.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  static byte[] idx(int type, int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeShort(0);
    out.writeByte(type);
    out.writeByte(dims.length);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(data);
    return bytes.toByteArray();
  }

  static Path write(Path file, byte[] content, boolean gzip) throws IOException {
    try (OutputStream out = gzip
        ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(content);
    }
    return file;
  }

  @Test
  void readsPlainAndGzipFilesAlike() throws IOException {
    byte[] pixels = {0, 1, 2, (byte) 200, (byte) 255, 7, 8, 9};
    byte[] file = idx(8, new int[] {2, 2, 2}, pixels);
    for (boolean gz : new boolean[] {false, true}) {
      IdxArray a = IdxReader.read(write(dir.resolve("x" + gz), file, gz));
      assertThat(a.dims()).containsExactly(2, 2, 2);
      assertThat(a.count()).isEqualTo(2);
      assertThat(a.itemSize()).isEqualTo(4);
      assertThat(a.unsigned(3)).isEqualTo(200);
      assertThat(a.unsigned(4)).isEqualTo(255);
    }
  }

  @Test
  void pairsImagesWithLabelsAndExpandsGrayToRgb() throws IOException {
    Path images = write(dir.resolve("i.gz"), idx(8, new int[] {2, 1, 2}, new byte[] {5, 6, 7, 8}), true);
    Path labels = write(dir.resolve("l"), idx(8, new int[] {2}, new byte[] {9, 0}), false);
    LabelledImages set = LabelledImages.read(images, labels, LabelledImages.FASHION_MNIST_CLASSES);
    assertThat(set.size()).isEqualTo(2);
    assertThat(set.height()).isEqualTo(1);
    assertThat(set.width()).isEqualTo(2);
    assertThat(set.label(0)).isEqualTo(9);
    assertThat(set.classNames().get(set.label(0))).isEqualTo("ankle boot");
    assertThat(set.rgb(1)).containsExactly(7, 7, 7, 8, 8, 8);
  }

  @Test
  void rejectsBadMagicTypeTruncationAndTrailingBytes() throws IOException {
    byte[] good = idx(8, new int[] {1, 2}, new byte[] {1, 2});
    byte[] badMagic = good.clone();
    badMagic[0] = 1;
    assertThatThrownBy(() -> IdxReader.read(write(dir.resolve("m"), badMagic, false)))
        .isInstanceOf(IdxFormatException.class).hasMessageContaining("bad magic number")
        .hasMessageContaining("m:");
    assertThatThrownBy(() -> IdxReader.read(write(dir.resolve("t"), idx(0x0d, new int[] {1}, new byte[4]), false)))
        .hasMessageContaining("element type 0x0d is not supported");
    assertThatThrownBy(() -> IdxReader.read(write(dir.resolve("s"), idx(8, new int[] {3, 2}, new byte[5]), true)))
        .hasMessageContaining("ends early");
    assertThatThrownBy(() -> IdxReader.read(write(dir.resolve("e"), idx(8, new int[] {1}, new byte[2]), false)))
        .hasMessageContaining("bytes after the 1 declared elements");
    assertThatThrownBy(() -> IdxReader.read(write(dir.resolve("n"), idx(8, new int[] {-1}, new byte[0]), false)))
        .hasMessageContaining("dimension 0 is negative");
    assertThatThrownBy(() -> IdxReader.read(dir.resolve("absent")))
        .hasMessageContaining("no such IDX file");
  }

  @Test
  void rejectsMismatchedCountsAndLabelsOutOfRange() throws IOException {
    Path images = write(dir.resolve("i"), idx(8, new int[] {2, 1, 1}, new byte[] {1, 2}), false);
    Path three = write(dir.resolve("l3"), idx(8, new int[] {3}, new byte[] {0, 1, 0}), false);
    Path high = write(dir.resolve("lh"), idx(8, new int[] {2}, new byte[] {0, 2}), false);
    assertThatThrownBy(() -> LabelledImages.read(images, three, List.of("a", "b")))
        .hasMessageContaining("holds 2 images but label file holds 3 labels");
    assertThatThrownBy(() -> LabelledImages.read(images, high, List.of("a", "b")))
        .hasMessageContaining("label 2 of item 1 is not below the 2 class names");
  }
}

package dev.clipjvm.clip.data.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path tmp;

  @Test
  void roundTripsTensorsMetadataAndHalfFloats() throws Exception {
    Path f = tmp.resolve("a.safetensors");
    short[] half = {HalfFloats.floatToF16(1.5f), HalfFloats.floatToF16(-0.333f)};
    ByteBuffer hb = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    hb.putShort(half[0]).putShort(half[1]).flip();
    ByteBuffer bb = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
    bb.putShort(HalfFloats.floatToBf16(3.14159f)).flip();
    Safetensors.write(f, List.of(
        TensorData.ofFloats("w", new long[] {2, 2}, new float[] {1, 2, 3, 4}),
        TensorData.ofInts("ids", new long[] {3}, new int[] {49406, 7, 49407}),
        new TensorData("h", DType.F16, new long[] {2}, hb),
        new TensorData("b", DType.BF16, new long[] {}, bb)), Map.of("k", "v"));
    TensorFile t = Safetensors.read(f);
    assertThat(t.tensors().keySet()).containsExactly("w", "ids", "h", "b");
    assertThat(t.metadata()).containsEntry("k", "v");
    assertThat(t.get("w").toFloats()).containsExactly(1, 2, 3, 4);
    assertThat(t.get("w").shape()).containsExactly(2, 2);
    assertThat(t.get("ids").toLongs()).containsExactly(49406, 7, 49407);
    assertThat(t.get("h").toFloats()).containsExactly(1.5f, -0.33300781f);
    assertThat(t.get("b").toFloats()).containsExactly(3.140625f);
  }

  @Test
  void halfFloatConversionsRoundToNearestEven() {
    assertThat(HalfFloats.f16ToFloat(HalfFloats.floatToF16(65504f))).isEqualTo(65504f);
    assertThat(HalfFloats.f16ToFloat(HalfFloats.floatToF16(1e6f))).isInfinite();
    assertThat(HalfFloats.f16ToFloat(HalfFloats.floatToF16(5.96e-8f))).isEqualTo(0x1p-24f);
    assertThat(HalfFloats.f16ToFloat(HalfFloats.floatToF16(1 + 0x1p-11f))).isEqualTo(1f);
    assertThat(HalfFloats.f16ToFloat(HalfFloats.floatToF16(1 + 3 * 0x1p-11f)))
        .isEqualTo(1 + 0x1p-9f);
  }

  @Test
  void rejectsTruncatedFile() throws Exception {
    Path f = tmp.resolve("t.safetensors");
    Safetensors.write(f, List.of(TensorData.ofFloats("w", new long[] {64}, new float[64])),
        Map.of());
    byte[] all = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(all, all.length - 10));
    assertThatThrownBy(() -> Safetensors.read(f)).isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("w: data_offsets [0,256] end past the 246 data bytes");
  }

  @Test
  void rejectsHeaderLengthPastTheEnd() throws Exception {
    Path f = tmp.resolve("h.safetensors");
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).putInt(0);
    Files.write(f, b.array());
    assertThatThrownBy(() -> Safetensors.read(f)).isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("header length 1000 is past the end of the 12-byte file");
  }

  @Test
  void reportsOverlapsWrongSizesAndUnknownDtypesTogether() throws Exception {
    Path f = raw("""
        {"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
         "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]},
         "c": {"dtype": "F32", "shape": [3], "data_offsets": [12, 16]},
         "d": {"dtype": "F99", "shape": [1], "data_offsets": [16, 20]}}""", 20);
    assertThatThrownBy(() -> Safetensors.read(f)).isInstanceOf(CheckpointFormatException.class)
        .satisfies(e -> assertThat(((CheckpointFormatException) e).problems()).containsExactly(
            "c: 4 bytes do not hold shape [3] of F32",
            "d: unknown dtype \"F99\"",
            "b: data_offsets overlap those of a"));
  }

  @Test
  void emptyTensorsSharingAnOffsetOverlapNothing() throws Exception {
    Path f = raw("""
        {"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
         "empty": {"dtype": "F32", "shape": [0], "data_offsets": [0, 0]},
         "inside": {"dtype": "I64", "shape": [0, 3], "data_offsets": [4, 4]},
         "b": {"dtype": "F32", "shape": [1], "data_offsets": [8, 12]},
         "end": {"dtype": "F16", "shape": [0], "data_offsets": [12, 12]}}""", 12);
    TensorFile file = Safetensors.read(f);
    assertThat(file.tensors()).containsOnlyKeys("a", "empty", "inside", "b", "end");
    assertThat(file.get("empty").size()).isZero();
    assertThat(file.get("inside").shape()).containsExactly(0, 3);
  }

  @Test
  void findsAnOverlapWithARangeThatReachesPastItsNeighbour() throws Exception {
    Path f = raw("""
        {"long": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]},
         "short": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]},
         "late": {"dtype": "F32", "shape": [1], "data_offsets": [12, 16]}}""", 16);
    assertThatThrownBy(() -> Safetensors.read(f)).isInstanceOf(CheckpointFormatException.class)
        .satisfies(e -> assertThat(((CheckpointFormatException) e).problems()).containsExactly(
            "short: data_offsets overlap those of long",
            "late: data_offsets overlap those of long"));
  }

  @Test
  void readsMoreTinyTensorsThanTheProcessCanHoldMemoryMaps() throws Exception {
    int count = 100_000; // past Linux's default of 65,530 mappings per process
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < count; i++) {
      json.append(i == 0 ? "" : ",").append("\"t").append(i)
          .append("\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[")
          .append(4 * i).append(',').append(4 * i + 4).append("]}");
    }
    Path f = raw(json.append('}').toString(), 4 * count);
    ByteBuffer data = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      data.putInt(i);
    }
    byte[] all = Files.readAllBytes(f);
    System.arraycopy(data.array(), 0, all, all.length - 4 * count, 4 * count);
    Files.write(f, all);
    TensorFile file = Safetensors.read(f);
    assertThat(file.tensors()).hasSize(count);
    assertThat(file.get("t0").toLongs()).containsExactly(0L);
    assertThat(file.get("t99999").toLongs()).containsExactly(99_999L);
  }

  @Test
  void rejectsNonJsonHeader() throws Exception {
    Path f = raw("{not json", 0);
    assertThatThrownBy(() -> Safetensors.read(f)).isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("header is not valid JSON");
  }

  private Path raw(String json, int dataBytes) throws Exception {
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    Path f = tmp.resolve("raw.safetensors");
    Files.write(f, b.array());
    return f;
  }
}

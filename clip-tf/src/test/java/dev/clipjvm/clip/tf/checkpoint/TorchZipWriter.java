package dev.clipjvm.clip.tf.checkpoint;

import dev.clipjvm.clip.data.tensor.DType;
import dev.clipjvm.clip.data.tensor.TensorData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Test helper: writes a state dict the way {@code torch.save} lays it out (a zip with
 * {@code archive/data.pkl} in pickle protocol 2 and uncompressed {@code archive/data/N}
 * storages), without Python. Tensors named in {@code transposedViews} are stored as transposed
 * views (column-major storage with swapped strides), as a saved {@code x.t()} would be.
 */
final class TorchZipWriter {
  private static final Map<DType, String> STORAGE = Map.of(DType.F32, "FloatStorage",
      DType.F16, "HalfStorage", DType.BF16, "BFloat16Storage", DType.I64, "LongStorage",
      DType.I32, "IntStorage");

  private final ByteArrayOutputStream pkl = new ByteArrayOutputStream();

  private TorchZipWriter() {}

  /** An empty pickle to build with the opcode methods (for hostile-input tests). */
  static TorchZipWriter pickle() {
    return new TorchZipWriter();
  }

  /** The pickle built so far. */
  byte[] bytes() {
    return pkl.toByteArray();
  }

  /** Appends raw bytes (a length or operand the opcode methods do not write). */
  TorchZipWriter raw(byte... b) {
    pkl.writeBytes(b);
    return this;
  }

  static void write(Path file, Collection<TensorData> tensors, Collection<String> transposedViews)
      throws IOException {
    TorchZipWriter w = new TorchZipWriter();
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      w.op(0x80).op(2);
      w.global("collections", "OrderedDict").op(')').op('R').op('(');
      int key = 0;
      for (TensorData t : tensors) {
        boolean view = transposedViews.contains(t.name()) && t.rank() == 2;
        byte[] bytes = new byte[(int) (t.size() * t.dtype().bytes())];
        t.data().get(bytes);
        long[] size = t.shape();
        long[] stride = contiguousStrides(size);
        if (view) {
          bytes = transposeBytes(bytes, (int) size[0], (int) size[1], t.dtype().bytes());
          stride = new long[] {1, size[0]};
        }
        w.unicode(t.name());
        w.global("torch._utils", "_rebuild_tensor_v2").op('(');
        w.op('(').unicode("storage").global("torch", STORAGE.get(t.dtype()))
            .unicode(Integer.toString(key)).unicode("cpu").integer(t.size()).op('t').op('Q');
        w.integer(0).tuple(size).tuple(stride).op(0x89);
        w.global("collections", "OrderedDict").op(')').op('R');
        w.op('t').op('R');
        stored(zip, "archive/data/" + key, bytes);
        key++;
      }
      w.op('u').op('.');
      stored(zip, "archive/data.pkl", w.pkl.toByteArray());
      stored(zip, "archive/version", "3\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Stores {@code data} uncompressed as entry {@code name} (for hostile-input tests). */
  static void storedEntry(ZipOutputStream zip, String name, byte[] data) throws IOException {
    stored(zip, name, data);
  }

  /** A zip whose data.pkl is exactly {@code pickle} (for hostile-input tests). */
  static void writeRaw(Path file, byte[] pickle) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      stored(zip, "archive/data.pkl", pickle);
    }
  }

  /** A pickle that calls {@code os.system("echo pwned")} when Python loads it. */
  static byte[] osSystemPickle() {
    TorchZipWriter w = new TorchZipWriter();
    w.op(0x80).op(2).global("os", "system").unicode("echo pwned").op(0x85).op('R').op('.');
    return w.pkl.toByteArray();
  }

  TorchZipWriter op(int b) {
    pkl.write(b);
    return this;
  }

  TorchZipWriter global(String module, String name) {
    op('c');
    pkl.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    return this;
  }

  TorchZipWriter unicode(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    op('X');
    pkl.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
    pkl.writeBytes(b);
    return this;
  }

  TorchZipWriter integer(long v) {
    op('J');
    pkl.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
    return this;
  }

  TorchZipWriter tuple(long[] values) {
    op('(');
    for (long v : values) {
      integer(v);
    }
    return op('t');
  }

  private static long[] contiguousStrides(long[] size) {
    long[] s = new long[size.length];
    long n = 1;
    for (int i = size.length - 1; i >= 0; i--) {
      s[i] = n;
      n *= size[i];
    }
    return s;
  }

  private static byte[] transposeBytes(byte[] a, int rows, int cols, int es) {
    byte[] out = new byte[a.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        System.arraycopy(a, (r * cols + c) * es, out, (c * rows + r) * es, es);
      }
    }
    return out;
  }

  private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

}

package dev.clipjvm.clip.tf.checkpoint;

import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.tensor.DType;
import dev.clipjvm.clip.data.tensor.TensorData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Reads a PyTorch state dict saved by {@code torch.save} (a zip archive holding
 * {@code NAME/data.pkl} and one {@code NAME/data/KEY} file per storage) without Python and
 * without executing anything: {@code data.pkl} goes through a {@link RestrictedUnpickler}, and
 * uncompressed storages are memory-mapped. open_clip training checkpoints
 * ({@code {"state_dict": ...}}) and DataParallel prefixes ({@code module.}) are unwrapped.
 */
public final class TorchArchive {
  private static final Map<String, DType> STORAGES = Map.of(
      "FloatStorage", DType.F32, "HalfStorage", DType.F16, "BFloat16Storage", DType.BF16,
      "DoubleStorage", DType.F64, "LongStorage", DType.I64, "IntStorage", DType.I32,
      "ShortStorage", DType.I16, "CharStorage", DType.I8, "ByteStorage", DType.U8,
      "BoolStorage", DType.BOOL);

  private record Storage(DType dtype, ByteBuffer bytes) {}

  private record TorchTensor(Storage storage, long offset, long[] size, long[] stride) {}

  private TorchArchive() {}

  /** The tensors of the state dict in {@code file}, by name. */
  public static Map<String, TensorData> read(Path file) throws IOException {
    String src = file.toString();
    try (ZipFile zip = ZipFile.builder().setPath(file).get();
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ZipArchiveEntry pkl = null;
      for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
        if (e.getName().endsWith("/constants.pkl") || e.getName().contains("/code/")) {
          throw new CheckpointFormatException(src, "a TorchScript archive (" + e.getName()
              + "); save the model's state_dict() with torch.save instead");
        }
        if (e.getName().endsWith("data.pkl") && (pkl == null || e.getName().length()
            < pkl.getName().length())) {
          pkl = e;
        }
      }
      if (pkl == null) {
        throw new CheckpointFormatException(src, "zip archive without data.pkl: not a torch.save"
            + " file");
      }
      String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
      byte[] pickle;
      try (InputStream s = zip.getInputStream(pkl)) {
        pickle = s.readAllBytes();
      }
      Map<String, Storage> storages = new HashMap<>();
      RestrictedUnpickler u = new RestrictedUnpickler(src, pickle,
          pid -> storage(src, zip, ch, prefix, pid, storages), call -> rebuild(src, call));
      return flatten(src, u.load());
    }
  }

  private static Storage storage(String src, ZipFile zip, FileChannel ch, String prefix,
      List<Object> pid, Map<String, Storage> cache) {
    if (pid.size() < 5 || !"storage".equals(pid.get(0))
        || !(pid.get(1) instanceof RestrictedUnpickler.Global g) || !(pid.get(2) instanceof String key)) {
      throw new CheckpointFormatException(src, "unsupported persistent id " + pid);
    }
    DType dtype = STORAGES.get(g.name());
    if (dtype == null || !g.module().equals("torch")) {
      throw new CheckpointFormatException(src, "unsupported storage type " + g);
    }
    return cache.computeIfAbsent(key, k -> {
      ZipArchiveEntry e = zip.getEntry(prefix + "data/" + k);
      if (e == null) {
        throw new CheckpointFormatException(src, "storage data/" + k + " is missing");
      }
      try {
        ByteBuffer b;
        if (e.getMethod() == ZipArchiveEntry.STORED && e.getDataOffset() > 0) {
          b = ch.map(FileChannel.MapMode.READ_ONLY, e.getDataOffset(), e.getSize());
        } else {
          try (InputStream s = zip.getInputStream(e)) {
            b = ByteBuffer.wrap(s.readAllBytes());
          }
        }
        return new Storage(dtype, b.order(ByteOrder.LITTLE_ENDIAN));
      } catch (IOException ex) {
        throw new CheckpointFormatException(src, "cannot read storage data/" + k + ": " + ex);
      }
    });
  }

  private static Object rebuild(String src, RestrictedUnpickler.Call call) {
    String name = call.global().module() + "." + call.global().name();
    List<Object> a = call.args();
    switch (name) {
      case "collections.OrderedDict":
        return new LinkedHashMap<Object, Object>();
      case "torch._utils._rebuild_parameter":
        return a.get(0);
      case "torch._utils._rebuild_tensor_v2":
        if (a.size() < 4 || !(a.get(0) instanceof Storage s)) {
          throw new CheckpointFormatException(src, "malformed _rebuild_tensor_v2 arguments");
        }
        return new TorchTensor(s, (Long) a.get(1), longs(a.get(2)), longs(a.get(3)));
      default:
        throw new CheckpointFormatException(src, "cannot call " + name);
    }
  }

  private static long[] longs(Object o) {
    List<?> l = (List<?>) o;
    long[] out = new long[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (Long) l.get(i);
    }
    return out;
  }

  private static Map<String, TensorData> flatten(String src, Object root) {
    if (root instanceof Map<?, ?> m && m.get("state_dict") instanceof Map<?, ?> inner) {
      root = inner; // an open_clip training checkpoint
    }
    if (!(root instanceof Map<?, ?> dict)) {
      throw new CheckpointFormatException(src, "the pickle holds " + root.getClass().getSimpleName()
          + ", not a state dict");
    }
    Map<String, TensorData> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : dict.entrySet()) {
      if (!(e.getKey() instanceof String key) || !(e.getValue() instanceof TorchTensor t)) {
        throw new CheckpointFormatException(src, "state dict entry " + e.getKey()
            + " is not a named tensor");
      }
      String name = key.startsWith("module.") ? key.substring("module.".length()) : key;
      out.put(name, contiguous(src, name, t));
    }
    return out;
  }

  /** The tensor's elements in row-major order (a zero-copy slice when already contiguous). */
  private static TensorData contiguous(String src, String name, TorchTensor t) {
    int es = t.storage().dtype().bytes();
    long n = 1;
    boolean rowMajor = true;
    for (int i = t.size().length - 1; i >= 0; i--) {
      if (t.size()[i] != 1 && t.stride()[i] != n) {
        rowMajor = false;
      }
      n *= t.size()[i];
    }
    ByteBuffer storage = t.storage().bytes();
    long last = t.offset();
    for (int i = 0; i < t.size().length; i++) {
      last += (t.size()[i] - 1) * t.stride()[i];
    }
    if (n > 0 && (t.offset() < 0 || (last + 1) * es > storage.capacity())) {
      throw new CheckpointFormatException(src, name + ": view runs past its storage of "
          + storage.capacity() / es + " elements");
    }
    if (rowMajor) {
      ByteBuffer b = storage.duplicate().position((int) (t.offset() * es)).limit(
          (int) ((t.offset() + n) * es));
      return new TensorData(name, t.storage().dtype(), t.size(), b.slice());
    }
    ByteBuffer out = ByteBuffer.allocate((int) (n * es));
    long[] idx = new long[t.size().length];
    for (long k = 0; k < n; k++) {
      long at = t.offset();
      for (int i = 0; i < idx.length; i++) {
        at += idx[i] * t.stride()[i];
      }
      for (int b = 0; b < es; b++) {
        out.put(storage.get((int) (at * es + b)));
      }
      for (int i = idx.length - 1; i >= 0 && ++idx[i] == t.size()[i]; i--) {
        idx[i] = 0;
      }
    }
    return new TensorData(name, t.storage().dtype(), t.size(), out.flip());
  }
}

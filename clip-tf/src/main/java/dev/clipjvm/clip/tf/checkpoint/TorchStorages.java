package dev.clipjvm.clip.tf.checkpoint;

import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.tensor.DType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * The storages of a PyTorch zip archive ({@code ROOT/data/KEY}), resolved from the pickle's
 * persistent ids {@code ('storage', torch.XStorage, key, location, numel)}. The location
 * ({@code cpu}, {@code cuda:0}, ...) is ignored: every storage is read into host memory.
 * Uncompressed entries are memory-mapped; compressed ones are inflated up to the size their
 * element count declares, charged to the file's {@linkplain #charge allocation budget}.
 */
final class TorchStorages {
  private static final Map<String, DType> TYPES = Map.of(
      "FloatStorage", DType.F32, "HalfStorage", DType.F16, "BFloat16Storage", DType.BF16,
      "DoubleStorage", DType.F64, "LongStorage", DType.I64, "IntStorage", DType.I32,
      "ShortStorage", DType.I16, "CharStorage", DType.I8, "ByteStorage", DType.U8,
      "BoolStorage", DType.BOOL);

  /** One storage: its element type and its bytes (little-endian). */
  record Storage(DType dtype, ByteBuffer bytes) {
    long elements() {
      return bytes.capacity() / dtype.bytes();
    }
  }

  private static final long MAP_STEP = 1L << 30;

  private final String source;
  private final ZipFile zip;
  private final FileChannel channel;
  private final String root;
  private final long budget;
  private long allocated;
  private final Map<String, Storage> cache = new HashMap<>();
  private final Map<Long, ByteBuffer> maps = new HashMap<>();

  TorchStorages(String source, ZipFile zip, FileChannel channel, String root) throws IOException {
    this.source = source;
    this.zip = zip;
    this.channel = channel;
    this.root = root;
    this.budget = PickleLimits.allocationBudget(channel.size());
  }

  /** The file read (for messages). */
  String source() {
    return source;
  }

  /** The storage a persistent id names (the pickle's BINPERSID). */
  Object load(List<Object> pid) {
    if (pid.size() < 5 || !"storage".equals(pid.get(0))
        || !(pid.get(1) instanceof RestrictedUnpickler.Global g)
        || !(pid.get(2) instanceof String key)
        || !(pid.get(4) instanceof Long numel)) {
      throw problem("unsupported persistent id (" + pid.size() + " items; expected ('storage',"
          + " type, key, location, numel))");
    }
    DType dtype = TYPES.get(g.name());
    if (dtype == null || !g.module().equals("torch")) {
      throw problem("unsupported storage type " + Pickled.clip(g.toString()));
    }
    Storage cached = cache.get(key);
    if (cached != null) {
      if (cached.dtype() != dtype) {
        throw problem("storage data/" + Pickled.clip(key) + " is used as both " + cached.dtype()
            + " and " + dtype);
      }
      return cached;
    }
    Storage s = read(key, dtype, numel);
    cache.put(key, s);
    return s;
  }

  private Storage read(String key, DType dtype, long numel) {
    String name = "data/" + Pickled.clip(key);
    long bytes = numel < 0 || numel > Long.MAX_VALUE / dtype.bytes() ? -1 : numel * dtype.bytes();
    if (bytes < 0 || bytes > Integer.MAX_VALUE) {
      throw problem("storage " + name + " declares " + numel + " elements of " + dtype
          + ", outside 0.." + Integer.MAX_VALUE / dtype.bytes() + " (the 2 GiB a buffer holds)");
    }
    ZipArchiveEntry e = zip.getEntry(root + "data/" + key);
    if (e == null) {
      throw problem("storage " + name + " is missing");
    }
    try {
      ByteBuffer b;
      if (e.getMethod() == ZipArchiveEntry.STORED && e.getDataOffset() > 0) {
        if (e.getSize() < bytes || e.getDataOffset() + bytes > channel.size()) {
          throw problem("storage " + name + " holds " + e.getSize() + " bytes, fewer than its "
              + numel + " elements of " + dtype + " need (truncated?)");
        }
        b = mapped(e.getDataOffset(), bytes);
      } else {
        charge("storage " + name, bytes);
        try (InputStream s = zip.getInputStream(e)) {
          byte[] data = s.readNBytes((int) bytes); // never more than the declared size
          if (data.length < bytes) {
            throw problem("storage " + name + " inflates to " + data.length + " bytes, fewer than"
                + " its " + numel + " elements of " + dtype + " need (truncated?)");
          }
          b = ByteBuffer.wrap(data);
        }
      }
      return new Storage(dtype, b.order(ByteOrder.LITTLE_ENDIAN));
    } catch (IOException ex) {
      throw problem("cannot read storage " + name + ": " + ex.getMessage());
    }
  }

  /**
   * {@code length} bytes of the file at {@code offset}, sliced from a shared memory map: one map
   * per 1 GiB step of the file, each 2 GiB long (so every storage of up to 1 GiB lies inside
   * the map of its step), and a map of its own for a larger storage. An archive of 100,000 tiny
   * storages takes one map, not 100,000, which would exhaust the process's map count.
   */
  private ByteBuffer mapped(long offset, long length) throws IOException {
    if (length > MAP_STEP) {
      return channel.map(FileChannel.MapMode.READ_ONLY, offset, length);
    }
    long start = offset / MAP_STEP * MAP_STEP;
    ByteBuffer window = maps.get(start);
    if (window == null) {
      window = channel.map(FileChannel.MapMode.READ_ONLY, start,
          Math.min(channel.size() - start, Integer.MAX_VALUE));
      maps.put(start, window);
    }
    return window.slice((int) (offset - start), (int) length);
  }

  /**
   * Charges {@code bytes} of heap for {@code what} to the file's budget
   * ({@link PickleLimits#allocationBudget}), failing before anything is allocated past it.
   */
  void charge(String what, long bytes) {
    if (bytes > budget - allocated) {
      throw problem(what + " needs " + bytes + " more bytes of memory, past the allocation budget"
          + " of " + budget + " bytes for this file (" + PickleLimits.ALLOCATION_PER_FILE_BYTE
          + " x its size, at least " + PickleLimits.MIN_ALLOCATION + " bytes; " + allocated
          + " already used): a view larger than its storage (expand()) or a compression bomb?");
    }
    allocated += bytes;
  }

  private CheckpointFormatException problem(String message) {
    return new CheckpointFormatException(source, message);
  }
}

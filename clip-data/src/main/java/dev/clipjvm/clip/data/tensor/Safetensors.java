package dev.clipjvm.clip.data.tensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.data.io.DiskFullException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length {@code N},
 * {@code N} bytes of JSON ({@code {"name": {"dtype", "shape", "data_offsets": [begin, end]},
 * "__metadata__": {...}}}), then the raw little-endian tensor bytes (offsets relative to the end
 * of the header). Reading memory-maps each tensor and validates the whole header first: every
 * problem (unknown dtype, sizes that do not match the shape, offsets past the end or overlapping)
 * is reported at once.
 */
public final class Safetensors {
  /** Headers larger than this are rejected before allocating (the format's own limit). */
  static final long MAX_HEADER = 100L << 20;
  private static final ObjectMapper JSON = Json.mapper();

  private Safetensors() {}

  /** Reads {@code file}, memory-mapping the tensor data. */
  public static TensorFile read(Path file) throws IOException {
    String src = file.toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long fileSize = ch.size();
      if (fileSize < 8) {
        throw new CheckpointFormatException(src, "file of " + fileSize
            + " bytes is too short for a safetensors header length");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long n = lenBuf.getLong(0);
      if (n < 2 || n > MAX_HEADER || 8 + n > fileSize) {
        throw new CheckpointFormatException(src, "header length " + n + " is past the end of the "
            + fileSize + "-byte file (or outside 2.." + MAX_HEADER + ")");
      }
      ByteBuffer header = ByteBuffer.allocate((int) n);
      readFully(ch, header, 8);
      JsonNode root;
      try {
        root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new CheckpointFormatException(src, "header is not valid JSON: " + e.getMessage());
      }
      if (root == null || !root.isObject()) {
        throw new CheckpointFormatException(src, "header is not a JSON object");
      }
      long dataStart = 8 + n;
      List<Entry> entries = parse(src, (ObjectNode) root, fileSize - dataStart);
      Map<Entry, ByteBuffer> bytes = map(ch, dataStart, entries);
      Map<String, TensorData> tensors = new LinkedHashMap<>();
      for (Entry e : entries) {
        tensors.put(e.name(), new TensorData(e.name(), e.dtype(), e.shape(), bytes.get(e)));
      }
      return new TensorFile(src, tensors, metadata(root));
    }
  }

  private record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

  /**
   * Each entry's bytes, as slices of as few memory maps as possible: one per run of tensors
   * spanning at most 2 GiB (so a file listing a million tiny tensors takes one mapping, not a
   * million, which would exhaust the process's map count and crash the JVM). The entries do not
   * overlap ({@link #parse} checked), so in offset order their ends increase too.
   */
  private static Map<Entry, ByteBuffer> map(FileChannel ch, long dataStart, List<Entry> entries)
      throws IOException {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort((a, b) -> Long.compare(a.begin(), b.begin()));
    Map<Entry, ByteBuffer> out = new java.util.IdentityHashMap<>();
    int first = 0;
    while (first < sorted.size()) {
      long start = sorted.get(first).begin();
      long end = sorted.get(first).end();
      int last = first + 1;
      while (last < sorted.size() && sorted.get(last).end() - start <= Integer.MAX_VALUE) {
        end = Math.max(end, sorted.get(last).end());
        last++;
      }
      ByteBuffer run = end == start ? ByteBuffer.allocate(0)
          : ch.map(FileChannel.MapMode.READ_ONLY, dataStart + start, end - start);
      for (Entry e : sorted.subList(first, last)) {
        out.put(e, run.slice((int) (e.begin() - start), (int) (e.end() - e.begin())));
      }
      first = last;
    }
    return out;
  }

  private static List<Entry> parse(String src, ObjectNode root, long dataSize) {
    List<String> problems = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> f : root.properties()) {
      String name = f.getKey();
      if (name.equals("__metadata__")) {
        continue;
      }
      JsonNode v = f.getValue();
      JsonNode dt = v.get("dtype");
      JsonNode sh = v.get("shape");
      JsonNode off = v.get("data_offsets");
      DType dtype = dt == null ? null : DType.parse(dt.asText()).orElse(null);
      if (dtype == null) {
        problems.add(name + ": unknown dtype " + dt);
      }
      long[] shape = longs(sh);
      long[] offsets = longs(off);
      if (shape == null) {
        problems.add(name + ": shape " + sh + " is not a list of non-negative integers");
      }
      if (offsets == null || offsets.length != 2 || offsets[1] < offsets[0]) {
        problems.add(name + ": data_offsets " + off + " is not [begin, end] with begin <= end");
        continue;
      }
      if (offsets[1] - offsets[0] > Integer.MAX_VALUE) {
        problems.add(name + ": " + (offsets[1] - offsets[0]) + " bytes, more than the 2 GiB one"
            + " tensor buffer holds");
      }
      if (offsets[1] > dataSize) {
        problems.add(name + ": data_offsets " + off + " end past the " + dataSize
            + " data bytes of the file (truncated?)");
      }
      if (dtype != null && shape != null) {
        long elements = product(shape);
        if (elements < 0 || elements * dtype.bytes() != offsets[1] - offsets[0]) {
          problems.add(name + ": " + (offsets[1] - offsets[0]) + " bytes do not hold shape " + sh
              + " of " + dtype);
        }
      }
      entries.add(new Entry(name, dtype, shape, offsets[0], offsets[1]));
    }
    // an empty tensor occupies no bytes, so it overlaps nothing even when it starts where
    // another tensor's bytes are; each non-empty range is checked against the furthest-reaching
    // range before it (not only its neighbour, which a long range can reach past)
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.removeIf(e -> e.end() == e.begin());
    sorted.sort((a, b) -> Long.compare(a.begin(), b.begin()));
    Entry reach = null;
    for (Entry b : sorted) {
      if (reach != null && b.begin() < reach.end()) {
        problems.add(b.name() + ": data_offsets overlap those of " + reach.name());
      }
      if (reach == null || b.end() > reach.end()) {
        reach = b;
      }
    }
    if (!problems.isEmpty()) {
      throw new CheckpointFormatException(src, problems);
    }
    return entries;
  }

  private static long[] longs(JsonNode a) {
    if (a == null || !a.isArray()) {
      return null;
    }
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode x = a.get(i);
      if (!x.canConvertToLong() || !x.isIntegralNumber() || x.asLong() < 0) {
        return null;
      }
      out[i] = x.asLong();
    }
    return out;
  }

  private static long product(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d != 0 && n > Long.MAX_VALUE / 16 / d) {
        return -1;
      }
      n *= d;
    }
    return n;
  }

  private static Map<String, String> metadata(JsonNode root) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode m = root.get("__metadata__");
    if (m != null && m.isObject()) {
      m.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      int r = ch.read(b, pos + b.position());
      if (r < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  /** Writes {@code tensors} (in iteration order) and {@code metadata} to {@code file}. */
  public static void write(Path file, Iterable<TensorData> tensors, Map<String, String> metadata)
      throws IOException {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode m = header.putObject("__metadata__");
      metadata.forEach(m::put);
    }
    long offset = 0;
    List<TensorData> list = new ArrayList<>();
    for (TensorData t : tensors) {
      ObjectNode e = header.putObject(t.name());
      e.put("dtype", t.dtype().name());
      ArrayNode s = e.putArray("shape");
      for (long d : t.shape()) {
        s.add(d);
      }
      long len = t.size() * t.dtype().bytes();
      e.putArray("data_offsets").add(offset).add(offset + len);
      offset += len;
      list.add(t);
    }
    byte[] json = JSON.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8; // align the data to 8 bytes; pad with spaces
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    try (OutputStream out = Files.newOutputStream(file);
        java.nio.channels.WritableByteChannel ch = java.nio.channels.Channels.newChannel(out)) {
      head.flip();
      ch.write(head);
      for (TensorData t : list) {
        ByteBuffer d = t.data();
        while (d.hasRemaining()) {
          ch.write(d);
        }
      }
    } catch (IOException e) {
      throw DiskFullException.naming(file, e);
    }
  }
}

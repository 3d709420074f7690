package dev.clipjvm.clip.data.idx;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST format): two zero bytes, an element-type byte, the number of
 * dimensions, the dimensions as big-endian 32-bit integers, then the data. Only unsigned bytes
 * (type {@code 0x08}), the type of every MNIST-family file, are accepted. Gzip compression is
 * detected from the content, not the file name.
 */
public final class IdxReader {
  private static final int UNSIGNED_BYTE = 0x08;
  private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private IdxReader() {}

  /** Reads the file at {@code path}; errors name the file and the fault. */
  public static IdxArray read(Path path) throws IOException {
    try (InputStream in = open(path)) {
      return read(in, path.toString());
    }
  }

  /** Reads an IDX stream (already decompressed); {@code name} appears in error messages. */
  public static IdxArray read(InputStream stream, String name) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    try {
      int zero = in.readUnsignedShort();
      int type = in.readUnsignedByte();
      int rank = in.readUnsignedByte();
      if (zero != 0) {
        throw new IdxFormatException(name, String.format(
            "bad magic number: first two bytes are 0x%04x, an IDX file starts with 0x0000", zero));
      }
      if (type != UNSIGNED_BYTE) {
        throw new IdxFormatException(name, String.format(
            "element type 0x%02x is not supported; only unsigned bytes (0x08) are", type));
      }
      if (rank == 0) {
        throw new IdxFormatException(name, "has zero dimensions");
      }
      int[] dims = new int[rank];
      long n = 1;
      for (int i = 0; i < rank; i++) {
        dims[i] = in.readInt();
        if (dims[i] < 0) {
          throw new IdxFormatException(name, "dimension " + i + " is negative: " + dims[i]);
        }
        n *= dims[i];
        if (n > MAX_ELEMENTS) {
          throw new IdxFormatException(name, "holds more than " + MAX_ELEMENTS + " elements");
        }
      }
      byte[] data = new byte[(int) n];
      in.readFully(data);
      if (in.read() != -1) {
        throw new IdxFormatException(name, "has bytes after the " + n + " declared elements");
      }
      return new IdxArray(dims, data);
    } catch (EOFException e) {
      throw new IdxFormatException(name, "ends early (truncated header or data)");
    }
  }

  private static InputStream open(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      // NoSuchFileException: callers can tell a wrong path from a failing disk by type.
      throw new java.nio.file.NoSuchFileException(path.toString(), null, "no such IDX file");
    }
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16)) : in;
  }
}

package dev.clipjvm.clip.data.image;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * The integrity checks that make decoding strict, as Pillow is: ImageIO's readers return an image
 * for a JPEG cut mid-scan (a warning "Premature end of JPEG file" and grey rows) and never check a
 * PNG chunk's CRC, where Pillow raises "image file is truncated" or "broken PNG file". A record
 * that fails them is a bad record, not a good sample with invented pixels.
 */
final class StrictChecks {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private StrictChecks() {}

  /**
   * Checks every chunk's CRC-32 of a PNG file and that the chunks run to an {@code IEND}; other
   * formats pass unchanged.
   */
  static void checkPng(byte[] b, String source) throws ImageDecodeException {
    if (!isPng(b)) {
      return;
    }
    CRC32 crc = new CRC32();
    int i = PNG_SIGNATURE.length;
    while (true) {
      if (i + 12 > b.length) {
        throw new ImageDecodeException(source, "image file is truncated (PNG chunk header at byte "
            + i + " of " + b.length + ")");
      }
      long length = readInt(b, i) & 0xFFFFFFFFL;
      if (length > b.length - i - 12L) {
        throw new ImageDecodeException(source, "image file is truncated (PNG chunk at byte " + i
            + " declares " + length + " bytes, " + (b.length - i - 12) + " remain)");
      }
      int n = (int) length;
      crc.reset();
      crc.update(b, i + 4, 4 + n);
      int stored = readInt(b, i + 8 + n);
      String type = new String(b, i + 4, 4, StandardCharsets.ISO_8859_1);
      if ((int) crc.getValue() != stored) {
        throw new ImageDecodeException(source, "broken PNG file (bad CRC in chunk '" + type
            + "' at byte " + i + ")");
      }
      i += 12 + n;
      if (type.equals("IEND")) {
        return;
      }
    }
  }

  private static boolean isPng(byte[] b) {
    if (b.length < PNG_SIGNATURE.length) {
      return false;
    }
    for (int i = 0; i < PNG_SIGNATURE.length; i++) {
      if (b[i] != PNG_SIGNATURE[i]) {
        return false;
      }
    }
    return true;
  }

  private static int readInt(byte[] b, int i) {
    return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
  }

  /**
   * Records the first warning {@code reader} gives while reading: ImageIO's JPEG readers report a
   * file that ends mid-scan or a corrupt data segment only as a warning.
   */
  static Warnings watch(ImageReader reader) {
    Warnings warnings = new Warnings();
    reader.addIIOReadWarningListener(warnings);
    return warnings;
  }

  /**
   * The first warning a reader gave about missing or corrupt data, if any. Warnings about colour
   * handling (a CMYK JPEG without an ICC profile) do not make the pixels wrong and are ignored.
   */
  static final class Warnings implements IIOReadWarningListener {
    private String first;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
      String w = warning.toLowerCase(Locale.ROOT);
      boolean dataLost = w.contains("premature end") || w.contains("corrupt")
          || w.contains("truncated") || w.contains("bogus");
      if (first == null && dataLost) {
        first = warning;
      }
    }

    /** Throws when the reader warned: its image is not the file's true content. */
    void check(String source) throws ImageDecodeException {
      if (first != null) {
        throw new ImageDecodeException(source, "image file is truncated or corrupt (" + first
            + ")");
      }
    }
  }
}

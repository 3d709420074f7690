package dev.clipjvm.clip.data.text;

/**
 * The reversible mapping between the 256 byte values and 256 printable characters that byte-level
 * BPE works on, in the order CLIP's vocabulary lists them (ids 0..255; the same characters with a
 * {@code </w>} suffix take ids 256..511).
 *
 * <p>Printable Latin-1 bytes map to themselves; the remaining 68 bytes (controls, space, soft
 * hyphen) map to U+0100 onwards in byte order, so no symbol is whitespace or a control character.
 */
public final class ByteSymbols {

  private static final char[] BYTE_TO_CHAR = new char[256];
  private static final int[] CHAR_TO_BYTE = new int[0x144];
  /** Byte values in vocabulary order: position i holds the byte whose symbol has id i. */
  private static final int[] ORDER = new int[256];

  static {
    java.util.Arrays.fill(CHAR_TO_BYTE, -1);
    int n = 0;
    for (int b = 0; b < 256; b++) {
      if (isPrintable(b)) {
        ORDER[n++] = b;
        BYTE_TO_CHAR[b] = (char) b;
      }
    }
    int extra = 0;
    for (int b = 0; b < 256; b++) {
      if (!isPrintable(b)) {
        ORDER[n++] = b;
        BYTE_TO_CHAR[b] = (char) (256 + extra++);
      }
    }
    for (int b = 0; b < 256; b++) {
      CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
    }
  }

  private ByteSymbols() {}

  private static boolean isPrintable(int b) {
    return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
  }

  /** The symbol character of a byte (0..255). */
  public static char symbol(int unsignedByte) {
    return BYTE_TO_CHAR[unsignedByte];
  }

  /** The byte of a symbol character, or -1 when the character is not a byte symbol. */
  public static int byteOf(char symbol) {
    return symbol < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[symbol] : -1;
  }

  /** The byte whose symbol has vocabulary id {@code id} (0..255). */
  public static int byteAt(int id) {
    return ORDER[id];
  }

  /** Maps UTF-8 bytes to their symbol string. */
  public static String symbols(byte[] utf8) {
    char[] out = new char[utf8.length];
    for (int i = 0; i < utf8.length; i++) {
      out[i] = BYTE_TO_CHAR[utf8[i] & 0xFF];
    }
    return new String(out);
  }
}

package dev.clipjvm.clip.data.image;

import javax.imageio.stream.ImageInputStreamImpl;

/**
 * The encoded bytes of one image as an ImageIO stream that stops a reader which keeps reading
 * past their end. TwelveMonkeys' lossless WebP decoder treats the end of the data as a run of
 * zero bits and goes on decoding every pixel the header declares, creating one exception per
 * byte it asks for: a 95-byte file declaring 24 x 10243 pixels took 31 s to reject. After
 * {@value #PAST_END_BUDGET} reads at the end, this stream throws {@link ReadPastEnd} (unchecked,
 * so the reader's own {@code EOFException} handling cannot swallow it) and the image is a
 * truncated file at once. Readers of intact files ask past the end a few times at most.
 */
final class BoundedInput extends ImageInputStreamImpl {
  /** Reads at the end of the data allowed before the reader is stopped. */
  static final int PAST_END_BUDGET = 4096;

  /** A reader went on reading past the end of the data: the file is truncated. */
  static final class ReadPastEnd extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReadPastEnd(int length) {
      super("image file is truncated (the decoder read past the end of its " + length
          + " bytes " + PAST_END_BUDGET + " times)", null, false, false);
    }
  }

  private final byte[] bytes;
  private int pastEnd;

  BoundedInput(byte[] bytes) {
    this.bytes = bytes;
  }

  @Override
  public int read() {
    bitOffset = 0;
    if (streamPos >= bytes.length) {
      return end();
    }
    return bytes[(int) streamPos++] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    bitOffset = 0;
    if (len == 0) {
      return 0;
    }
    if (streamPos >= bytes.length) {
      return end();
    }
    int n = (int) Math.min(len, bytes.length - streamPos);
    System.arraycopy(bytes, (int) streamPos, b, off, n);
    streamPos += n;
    return n;
  }

  private int end() {
    if (++pastEnd > PAST_END_BUDGET) {
      throw new ReadPastEnd(bytes.length);
    }
    return -1;
  }

  @Override
  public long length() {
    return bytes.length;
  }
}

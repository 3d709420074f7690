package dev.clipjvm.clip.data.image;

/**
 * An image declares more pixels than the decoder's limit; raised from the header, before any
 * pixel is decoded, so a decompression bomb costs neither time nor memory.
 */
public final class ImageTooLargeException extends ImageDecodeException {

  private static final long serialVersionUID = 1L;

  /** Describes the declared size and the limit. */
  public ImageTooLargeException(String source, int width, int height, long maxPixels) {
    super(source, "declares " + width + "x" + height + " = " + (long) width * height
        + " pixels, over the limit of " + maxPixels + " (a possible decompression bomb; raise the"
        + " limit if the image is genuine)");
  }
}

package dev.clipjvm.clip.tf.device;

/**
 * The device asked for is not there: a GPU index past the last GPU, or any GPU when TensorFlow
 * sees none (the CPU build of the native library, or the GPU build without CUDA 12 and cuDNN 9).
 * A user's input at fault: the command line reports it in one line and exits 2.
 */
public final class DeviceUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message}, which names the device and why it cannot be used. */
  public DeviceUnavailableException(String message) {
    super(message);
  }
}

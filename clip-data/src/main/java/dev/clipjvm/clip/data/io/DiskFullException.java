package dev.clipjvm.clip.data.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writing {@link #getFile() a file} failed because its device is full. The JDK reports this as a
 * plain {@code IOException("No space left on device")} without the path, and TensorFlow as a
 * "resource exhausted" error with an out-of-memory hint; writers turn both into this exception so
 * the user reads {@code no space left on device writing <path>}.
 */
public final class DiskFullException extends FileSystemException {
  private static final long serialVersionUID = 1L;

  /** The operating system's words for ENOSPC, as the JDK and TensorFlow pass them on. */
  private static final String ENOSPC = "no space left on device";

  /** Writing {@code file} failed with {@code cause}, which said the device is full. */
  public DiskFullException(Path file, Throwable cause) {
    super(file.toString());
    initCause(cause);
  }

  @Override
  public String getMessage() {
    return ENOSPC + " writing " + getFile();
  }

  /** Whether {@code t} or one of its causes reports a full device. */
  public static boolean reports(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof DiskFullException
          || String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT).contains(ENOSPC)) {
        return true;
      }
    }
    return false;
  }

  /** {@code e}, or a {@link DiskFullException} naming {@code file} when {@code e} reports one. */
  public static IOException naming(Path file, IOException e) {
    return reports(e) && !(e instanceof DiskFullException) ? new DiskFullException(file, e) : e;
  }

  /**
   * The unchecked exception for a failed write of {@code file}: a {@link DiskFullException} when
   * {@code e} reports a full device, otherwise {@code e} with the file named ("cannot write
   * FILE: e").
   */
  public static UncheckedIOException writing(Path file, Exception e) {
    if (reports(e)) {
      DiskFullException full = e instanceof DiskFullException d ? d : new DiskFullException(file, e);
      return new UncheckedIOException(full.getMessage(), full);
    }
    IOException io = e instanceof IOException i ? i : new IOException(e.getMessage(), e);
    return new UncheckedIOException("cannot write " + file + ": " + e, io);
  }
}

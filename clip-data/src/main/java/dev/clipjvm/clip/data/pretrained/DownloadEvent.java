package dev.clipjvm.clip.data.pretrained;

import java.net.URI;
import java.nio.file.Path;
import java.util.OptionalLong;

/** What a download reports to its {@link DownloadListener} while it runs. */
public sealed interface DownloadEvent {

  /**
   * A transfer began.
   *
   * @param url the URL asked for
   * @param offset bytes already in the cache's partial file (non-zero: resuming)
   * @param total the file's full size when the server states it
   */
  record Started(URI url, long offset, OptionalLong total) implements DownloadEvent {}

  /**
   * Bytes arrived (reported about every MiB and at the end).
   *
   * @param bytes bytes of the file held so far, resumed ones included
   * @param total the file's full size when the server states it
   */
  record Progress(long bytes, OptionalLong total) implements DownloadEvent {}

  /** The SHA-256 of a file is being computed (seconds for a large model). */
  record Verifying(Path file) implements DownloadEvent {}

  /**
   * Something a person should know that is not an error: a server ignored the resume request, a
   * cached file failed its check and is downloaded again.
   */
  record Notice(String message) implements DownloadEvent {}
}

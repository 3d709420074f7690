package dev.clipjvm.clip.data.pretrained;

/** Receives a download's {@link DownloadEvent}s, on the downloading thread. */
@FunctionalInterface
public interface DownloadListener {

  /** A listener that ignores every event. */
  DownloadListener NONE = event -> { };

  /** Called for each event, in order. */
  void on(DownloadEvent event);
}

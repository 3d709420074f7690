package dev.clipjvm.clip.api.data;

/** How an image folder attaches captions to images. */
public enum FolderLayout {
  /** {@code x.jpg} is captioned by {@code x.txt} beside it (any depth). */
  SIDECAR_CAPTIONS,
  /** {@code root/CLASS/x.jpg}: the caption is a template filled with the class folder's name. */
  CLASS_PER_FOLDER
}

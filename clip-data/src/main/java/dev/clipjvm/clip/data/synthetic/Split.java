package dev.clipjvm.clip.data.synthetic;

/** Independent streams of one synthetic dataset. */
public enum Split {
  /** Training images: one or two objects, never a held-out (shape, colour) combination. */
  TRAIN(0x54524149L),
  /** Fresh single-object images of seen combinations, for zero-shot evaluation. */
  TEST(0x54455354L),
  /** Single objects whose (shape, colour) combination never appears in training. */
  HELD_OUT_COMBOS(0x484f4c44L);

  private final long salt;

  Split(long salt) {
    this.salt = salt;
  }

  /** Salt mixed into every sample seed of this split. */
  long salt() {
    return salt;
  }
}

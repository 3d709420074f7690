package dev.clipjvm.clip.api.model;

/**
 * Upper bounds on the sizes a configuration may ask for. The largest published CLIP models stay
 * far below them (ViT-bigG/14: width 1664, 48 layers, MLP ratio 4.9; RN50x64: stem width 128;
 * context 77; vocabulary 49,408); above them parameter and FLOP counts overflow 64-bit integers,
 * the model cannot fit any memory, or describing it would take hours, so validation rejects such
 * values with their path instead of failing later.
 */
public final class Limits {
  /** Widest residual stream of a Transformer tower or joint embedding. */
  public static final int MAX_WIDTH = 8_192;

  /** Widest ModifiedResNet stem; its output has 32 times as many channels. */
  public static final int MAX_RESNET_WIDTH = 1_024;

  /** Most residual blocks in one Transformer tower or ResNet stage. */
  public static final int MAX_LAYERS = 256;

  /** Largest MLP hidden width as a multiple of the residual width. */
  public static final int MAX_MLP_RATIO = 64;

  /** Largest input resolution in pixels. */
  public static final int MAX_IMAGE_SIZE = 2_048;

  /** Most patches along one side of a ViT input (65,536 patch tokens in all). */
  public static final int MAX_GRID = 256;

  /** Longest text context in tokens. */
  public static final int MAX_CONTEXT = 4_096;

  /** Largest vocabulary. */
  public static final int MAX_VOCAB = 1 << 24;

  /** Largest batch of pairs or images (32 times the paper's 32,768). */
  public static final int MAX_BATCH = 1 << 20;

  /** Most images drawn for one evaluation task. */
  public static final int MAX_EVAL_IMAGES = 1_000_000;

  /**
   * Most optimizer steps of one run (about 2,500 times the paper's 390,000 at batch 32,768); a
   * larger count is a typo, and its derived intervals and schedules lose meaning.
   */
  public static final long MAX_STEPS = 1_000_000_000L;

  /** Most decoding threads of a data pipeline. */
  public static final int MAX_WORKERS = 1_024;

  private Limits() {}
}

package dev.clipjvm.clip.tf.checkpoint;

/**
 * The budgets within which PyTorch checkpoints (pickles, {@code torch.save} and
 * {@code torch.jit.save} zips) are read. Checkpoints come from the internet: each limit turns a
 * file built to hang the reader, overflow its stack or exhaust its memory into a
 * {@link dev.clipjvm.clip.data.tensor.CheckpointFormatException} naming the file and the limit.
 * Every value sits far above what real checkpoints need (OpenAI's largest released model,
 * ViT-L/14@336px, has a {@code data.pkl} of well under 1 MiB, about 400 tensors and a module tree
 * 7 levels deep).
 */
final class PickleLimits {
  /** Decompressed bytes of a {@code data.pkl}. */
  static final long MAX_PICKLE_BYTES = 64L << 20;
  /** Values a pickle may push (each a few dozen bytes of heap at most). */
  static final long MAX_VALUES = 4_000_000;
  /** Entries of the pickle memo. */
  static final int MAX_MEMO = 1_000_000;
  /** Characters of a global's module or name (GLOBAL reads them up to a newline). */
  static final int MAX_NAME = 1024;
  /** Nesting of a TorchScript module tree. */
  static final int MAX_DEPTH = 64;
  /** Modules visited while naming a TorchScript module tree's tensors. */
  static final int MAX_MODULES = 100_000;
  /** Dimensions of one tensor view. */
  static final int MAX_DIMS = 64;
  /** The least heap the tensors of one file may take beyond memory-mapped storages. */
  static final long MIN_ALLOCATION = 256L << 20;
  /** The heap budget in multiples of the file's size (for compressed archives and copies). */
  static final long ALLOCATION_PER_FILE_BYTE = 4;

  private PickleLimits() {}

  /** Heap bytes the tensors of a file of {@code fileSize} bytes may take. */
  static long allocationBudget(long fileSize) {
    return Math.max(MIN_ALLOCATION, fileSize > Long.MAX_VALUE / ALLOCATION_PER_FILE_BYTE
        ? Long.MAX_VALUE : fileSize * ALLOCATION_PER_FILE_BYTE);
  }
}

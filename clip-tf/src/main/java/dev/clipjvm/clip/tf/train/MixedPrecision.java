package dev.clipjvm.clip.tf.train;

import dev.clipjvm.clip.api.train.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

/**
 * What {@link Precision#BF16_MIXED} computes on this CPU. Where the CPU has native bfloat16
 * arithmetic (AVX512_BF16 or AMX_BF16 in {@code /proc/cpuinfo}), the session turns on
 * TensorFlow's oneDNN auto-mixed-precision rewrite: MatMul, BatchMatMul, Conv2D and the
 * element-wise work between them run in bfloat16 (oneDNN accumulates matmuls in float32),
 * while variables (float32 master weights), the optimizer, the loss (softmax, log, exp and
 * reductions stay float32 on the rewrite's deny list) and gradient accumulation keep float32.
 * Elsewhere (AVX2 or AVX512 without BF16), bfloat16 matmuls would be emulated and slower than
 * float32, so the graph computes in float32 on weights rounded to bfloat16 when read
 * ({@link ClipTowers}): the precision of bfloat16 weights without its speed.
 */
public final class MixedPrecision {
  private static final boolean NATIVE = detect();

  private MixedPrecision() {}

  /** Whether this CPU runs bfloat16 natively (Linux {@code /proc/cpuinfo} flags). */
  public static boolean nativeBf16() {
    return NATIVE;
  }

  /** Whether {@code precision} runs real bfloat16 arithmetic on this CPU. */
  public static boolean computesInBf16(Precision precision) {
    return precision == Precision.BF16_MIXED && NATIVE;
  }

  /** Session options for {@code precision}: the bfloat16 rewrite where it computes in bf16. */
  public static ConfigProto sessionConfig(Precision precision) {
    ConfigProto.Builder b = ConfigProto.newBuilder();
    if (computesInBf16(precision)) {
      b.getGraphOptionsBuilder().getRewriteOptionsBuilder()
          .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
    }
    return b.build();
  }

  private static boolean detect() {
    try {
      String info = Files.readString(Path.of("/proc/cpuinfo"));
      return info.contains(" avx512_bf16") || info.contains(" amx_bf16");
    } catch (IOException | RuntimeException e) {
      return false; // not Linux, or unreadable: assume no native bfloat16
    }
  }
}

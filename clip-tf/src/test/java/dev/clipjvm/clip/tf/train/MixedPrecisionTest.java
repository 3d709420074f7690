package dev.clipjvm.clip.tf.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.train.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.RewriterConfig;

class MixedPrecisionTest {

  @Test
  void onlyBf16MixedOnANativeBf16CpuTurnsOnTheRewrite() throws Exception {
    boolean flags = Files.isReadable(Path.of("/proc/cpuinfo"))
        && Files.readString(Path.of("/proc/cpuinfo")).matches("(?s).*\\b(avx512_bf16|amx_bf16)\\b.*");
    assertThat(MixedPrecision.nativeBf16()).isEqualTo(flags);
    assertThat(MixedPrecision.computesInBf16(Precision.FP32)).isFalse();
    assertThat(MixedPrecision.computesInBf16(Precision.BF16_MIXED)).isEqualTo(flags);
    assertThat(MixedPrecision.sessionConfig(Precision.FP32).getGraphOptions().getRewriteOptions()
        .getAutoMixedPrecisionOnednnBfloat16()).isEqualTo(RewriterConfig.Toggle.DEFAULT);
    assertThat(MixedPrecision.sessionConfig(Precision.BF16_MIXED).getGraphOptions()
        .getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16())
        .isEqualTo(flags ? RewriterConfig.Toggle.ON : RewriterConfig.Toggle.DEFAULT);
  }
}

package dev.clipjvm.clip.tf.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.api.cost.ParameterManifest;
import dev.clipjvm.clip.api.cost.ParameterSpec;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ModelPresets;
import dev.clipjvm.clip.api.model.ResNetConfig;
import dev.clipjvm.clip.tf.checkpoint.ArchitectureInference;
import dev.clipjvm.clip.tf.params.VariableParameters;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The graph builders create exactly the tensors of {@link ParameterManifest} (names, PyTorch
 * shapes, trainable or buffer) for every preset and BatchNorm form, so checking a checkpoint
 * against the manifest is checking it against the graph; and architecture inference reads every
 * preset back from its manifest's shapes. Graphs are built without running
 * anything: variables are declared, never initialized, so full-size models cost no memory.
 */
class ManifestAgreementTest {

  static Stream<Arguments> presetsAndForms() {
    return ModelPresets.names().stream().flatMap(name -> {
      ClipConfig c = ModelPresets.get(name);
      return c.vision() instanceof ResNetConfig
          ? Stream.of(Arguments.of(name, BatchNormMode.INFERENCE),
              Arguments.of(name, BatchNormMode.BATCH_STATISTICS))
          : Stream.of(Arguments.of(name, BatchNormMode.INFERENCE));
    });
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("presetsAndForms")
  void graphBuildersCreateExactlyTheManifest(String preset, BatchNormMode form) {
    ClipConfig config = ModelPresets.get(preset);
    ParameterManifest manifest = ParameterManifest.of(config);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      VariableParameters params = new VariableParameters(g);
      ClipGraph clip = new ClipGraph(config, params, form);
      int size = config.vision().imageSize();
      clip.imageFeaturesNhwc(tf, tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, size, size, 3))));
      clip.textFeatures(tf, tf.placeholder(TInt32.class));
      clip.logLogitScale(tf);
      assertThat(params.specs().stream().map(ParamSpec::checkpointSpec).toList())
          .containsExactlyInAnyOrderElementsOf(manifest.entries());
      assertThat(params.stateUpdates().keySet()).containsExactlyInAnyOrderElementsOf(
          form == BatchNormMode.BATCH_STATISTICS
              ? manifest.buffers().stream().map(ParameterSpec::name).toList() : List.of());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("presets")
  void architectureInferenceReadsEveryPresetBackFromItsManifest(String preset) {
    ClipConfig config = ModelPresets.get(preset);
    Map<String, long[]> shapes = new java.util.LinkedHashMap<>();
    ParameterManifest.of(config).entries().forEach(s -> shapes.put(s.name(), s.shape()));
    assertThat(ArchitectureInference.inferFromShapes(preset, shapes, config.activation()))
        .isEqualTo(config);
  }

  static Stream<String> presets() {
    return ModelPresets.names().stream();
  }

}

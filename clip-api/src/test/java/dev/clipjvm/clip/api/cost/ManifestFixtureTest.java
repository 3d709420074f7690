package dev.clipjvm.clip.api.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipjvm.clip.api.model.ModelPresets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The manifest names and shapes every tensor of the reference fixtures' state dicts. */
class ManifestFixtureTest {

  @ParameterizedTest
  @CsvSource({"tiny-vit, vit-tiny", "tiny-rn, rn-tiny"})
  void matchesTheReferenceStateDict(String preset, String fixture) throws IOException {
    Path file = fixtureDir().resolve(fixture).resolve("model.safetensors");
    Map<String, String> expected = safetensorsShapes(file);
    Map<String, String> actual = ParameterManifest.of(ModelPresets.get(preset)).entries().stream()
        .collect(Collectors.toMap(ParameterSpec::name, s -> Arrays.toString(s.shape()),
            (a, b) -> a, TreeMap::new));
    assertThat(actual).isEqualTo(expected);
  }

  private static Path fixtureDir() {
    String dir = System.getProperty("clip.reference.dir", "");
    Path path = Path.of(dir.isEmpty() ? "missing-reference-dir" : dir);
    if (!Files.isDirectory(path)) {
      if ("true".equals(System.getenv("CI"))) {
        fail("reference fixtures missing at '" + dir + "' (clip.reference.dir)");
      }
      Assumptions.abort("reference fixtures missing at '" + dir + "'");
    }
    return path;
  }

  private static Map<String, String> safetensorsShapes(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      long length = ByteBuffer.wrap(in.readNBytes(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
      JsonNode header = new ObjectMapper().readTree(
          new String(in.readNBytes((int) length), StandardCharsets.UTF_8));
      Map<String, String> shapes = new TreeMap<>();
      header.fields().forEachRemaining(e -> {
        if (!e.getKey().equals("__metadata__")) {
          long[] shape = new long[e.getValue().get("shape").size()];
          for (int i = 0; i < shape.length; i++) {
            shape[i] = e.getValue().get("shape").get(i).asLong();
          }
          shapes.put(e.getKey(), Arrays.toString(shape));
        }
      });
      return shapes;
    }
  }
}

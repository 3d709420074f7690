package dev.clipjvm.clip.data;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared parity fixtures ({@code clip.reference.dir}); when they are missing a test
 * fails on CI ({@code CI=true}) and is skipped elsewhere.
 */
public final class ReferenceFiles {

  private ReferenceFiles() {}

  /** The fixture at {@code relative} under the reference directory. */
  public static Path require(String relative) {
    String dir = System.getProperty("clip.reference.dir", "../shared/reference");
    Path path = Path.of(dir).resolve(relative);
    if (!Files.exists(path)) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("reference fixture missing on CI: " + path);
      }
      assumeTrue(false, "reference fixture missing: " + path);
    }
    return path;
  }
}

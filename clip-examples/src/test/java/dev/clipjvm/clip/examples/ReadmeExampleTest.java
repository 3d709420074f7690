package dev.clipjvm.clip.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.zeroshot.Prediction;
import dev.clipjvm.clip.tf.zeroshot.PromptSet;
import dev.clipjvm.clip.tf.zeroshot.ZeroShotClassifier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java example, as a user would copy it: the fenced {@code java} block of the
 * section "Using the library from Maven" compiles on its own (imports included) against the
 * library's class path and classifies an image with a tiny released-format checkpoint, printing
 * what the library computes directly.
 */
class ReadmeExampleTest {
  @TempDir Path dir;

  @Test
  void theMavenSectionsJavaExampleCompilesAndRuns() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    String section = readme.substring(readme.indexOf("## Using the library from Maven"));
    section = section.substring(0, section.indexOf("\n## ", 3));
    Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(section);
    assertThat(block.find()).as("a ```java block in the Maven section").isTrue();
    String source = block.group(1);
    Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
    assertThat(name.find()).isTrue();
    Path file = Files.writeString(dir.resolve(name.group(1) + ".java"), source);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter messages = new StringWriter();
    boolean compiled = javac.getTask(messages, null, null,
        List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString(),
            "-Xlint:all", "-Werror"),
        null, javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)
            .getJavaFileObjects(file)).call();
    assertThat(compiled).as("javac: %s", messages).isTrue();

    Path model = fixture("vit-tiny").resolve("model.jit.pt"); // OpenAI's release format
    Path image = fixture("images").resolve("CLIP.png");
    String printed;
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        getClass().getClassLoader())) {
      Method main = loader.loadClass(name.group(1)).getMethod("main", String[].class);
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) new String[] {model.toString(), image.toString(), "diagram",
          "dog", "cat"});
    } finally {
      System.setOut(saved);
    }
    printed = out.toString(StandardCharsets.UTF_8);

    StringBuilder expected = new StringBuilder();
    try (ClipModel clip = ClipModel.load(model)) {
      ZeroShotClassifier c = ZeroShotClassifier.build(clip, PromptSet.of(
          List.of("diagram", "dog", "cat"), List.of("a photo of a {}.", "a drawing of a {}.")));
      for (Prediction p : c.classify(image)) {
        expected.append(String.format("%-20s %.4f%n", p.label(), p.probability()));
      }
    }
    assertThat(printed).isEqualTo(expected.toString());
    assertThat(printed.lines()).hasSize(3);
  }

  private static Path fixture(String name) {
    Path p = Path.of(System.getProperty("clip.reference.dir", "../../shared/reference"), name);
    if (!Files.isDirectory(p)) {
      if ("true".equals(System.getenv("CI"))) {
        fail("reference fixture missing: " + p.toAbsolutePath());
      }
      assumeTrue(false, "reference fixture missing: " + p.toAbsolutePath());
    }
    return p;
  }
}

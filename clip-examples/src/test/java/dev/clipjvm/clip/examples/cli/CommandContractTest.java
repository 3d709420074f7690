package dev.clipjvm.clip.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.data.tensor.Safetensors;
import dev.clipjvm.clip.data.tensor.TensorData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command-line contract of every command: a bad input exits 2 with exactly one line on
 * standard error naming the command, never a stack trace; {@code --json} prints exactly one JSON
 * document on one line of standard output. One tiny training run serves as input throughout.
 */
class CommandContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static Path config;
  private static Path run;
  private static JsonNode trained;

  /** The demo experiment shrunk to seconds: 16-pixel images, one-layer towers, three steps. */
  @BeforeAll
  static void trainATinyRun() throws IOException {
    ObjectNode e = TinyDemo.experiment("tiny", 3, 3);
    ((ObjectNode) e.get("evaluation")).put("batch_size", 20);
    e.get("evaluation").get("tasks")
        .forEach(t -> ((ObjectNode) t.get("images")).put("count", 20));
    config = Files.writeString(dir.resolve("tiny.json"), e.toPrettyString());
    Files.writeString(dir.resolve("tiny.json.txt"), "not a merges file\n"); // bad vocabulary
    run = dir.resolve("run");
    trained = json("train", "--config", config.toString(), "--out", run.toString(), "--quiet",
        "--json");
  }

  @Test
  void everyCommandReportsABadInputInOneLineWithExitCodeTwo() throws IOException {
    Path missing = dir.resolve("missing");
    Path fineTune = withInit(dir.resolve("finetune.json"), missing + ".safetensors");
    Path idx = withIdxData(dir.resolve("idx.json"), missing + "-images.idx");
    Path csv = Files.writeString(dir.resolve("pairs.csv"), "filepath,title\nred.png,a square\n");
    Path invalid = Files.writeString(dir.resolve("invalid.json"),
        Files.readString(config).replace("\"batch_size\" : 8", "\"batch_size\" : -8"));
    List<String[]> bad = List.of(
        args("--no-such-option"),
        args("help", "no-such-command"),
        args("describe", missing + ".json"),
        args("describe", "no-such-preset"),
        args("scale", "RN50", "--compute", "-3"),
        args("scale", "RN50"),
        args("encode", "--checkpoint", missing.toString(), "--tensors", missing.toString(),
            "--out", dir.resolve("o.safetensors").toString()),
        args("bench", "--only", "no_such_row"),
        args("bench", "--threads", "0"),
        args("bench", "--serving", "--batches", "0"),
        args("plan", "demo", "--batch-size", "0"),
        args("plan", "demo", "--batch-size", "8", "--modes", "fast"),
        args("plan", "demo", "--batch-size", "12", "--micro-batch-size", "5"),
        args("plan", "no-such-preset", "--batch-size", "8"),
        args("plan", "demo", "--batch-size", "8", "--modes", "cache"),
        args("tokenize", "--vocab", missing.toString()),
        args("tokenize", "--vocab", config.toString() + ".txt"),
        args("preprocess", missing + ".png", "--out", dir.resolve("p.safetensors").toString()),
        args("demo", "--resume"),
        args("demo", "--steps", "0"),
        args("demo", "--out", run.toString()),
        args("train", "--config", missing + ".json"),
        args("train", "--config", invalid.toString()),
        args("train", "--config", fineTune.toString(), "--out", dir.resolve("ft").toString()),
        args("train", "--config", idx.toString(), "--out", dir.resolve("idx").toString()),
        args("train", "--config", config.toString(), "--out", run.toString()),
        args("train", "--config", config.toString(), "--resume", "--out", missing.toString()),
        args("train", "--config", config.toString(), "--set", "training.steps=abc"),
        args("train", "--config", config.toString(), "--set", "training.stepz=3"),
        args("train", "--config", config.toString(), "--set", "training.steps"),
        args("train", "--config", config.toString(), "--set", "training.steps.x=1"),
        args("train", "--config", config.toString(), "--set", "init.checkpoint=" + dir,
            "--out", dir.resolve("ft3").toString()),
        args("train", "--config", config.toString(), "--workers", "2", "--peer-timeout", "0"),
        args("download", "no-such-model", "--cache", dir.resolve("cache").toString()),
        args("data", "no-such-command"),
        args("data", "curate", "--queries", missing.toString(), "--max-per-query", "1",
            "--in", missing + ".tar", "--out", dir.resolve("c").toString()),
        args("data", "stats", missing + ".tar"),
        args("data", "write-shards", "--csv", missing + ".csv", "--out",
            dir.resolve("w").toString()),
        args("data", "write-shards", "--csv", csv.toString(), "--caption-column", "caption",
            "--out", dir.resolve("w").toString()),
        args("data", "write-shards", "--folder", missing.toString(), "--out",
            dir.resolve("w").toString()),
        args("data", "corpus", "--captions", "10", "--queries", "100000", "--vocabulary", "5",
            "--out", dir.resolve("k").toString()),
        args("data", "bench", "--rounds", "0"),
        args("features", "--checkpoint", run.toString(), "--images", missing.toString(),
            "--out", dir.resolve("f.safetensors").toString()),
        args("classify", "--checkpoint", run.toString(), "--labels", "a,b", missing + ".png"),
        args("eval", "zeroshot", "--checkpoint", run.toString(), "--images", missing.toString(),
            "--classes", missing + ".txt", "--templates", missing + ".txt"),
        args("eval", "linear-probe", "--train", missing + ".safetensors", "--test",
            missing + ".safetensors"),
        args("eval", "retrieval", "--features", missing + ".safetensors"),
        args("eval", "retrieval", "--checkpoint", run.toString(), "--data", missing + ".csv"),
        args("eval", "retrieval", "--features", missing + ".safetensors", "--data",
            missing + ".csv"),
        args("eval", "robustness", "--baseline", missing + ".json", "--models",
            missing + ".json"),
        args("eval", "robustness", "--baseline", run.toString(), "--checkpoint", run.toString(),
            "--synthetic", "shape", "--shift", "sideways"),
        args("eval", "robustness", "--baseline", run.toString(), "--checkpoint", run.toString(),
            "--images", missing.toString(), "--classes", missing + ".txt", "--templates",
            missing + ".txt", "--shifted", "noise=" + missing),
        args("export", "--checkpoint", missing.toString(), "--out", dir.resolve("sm").toString()),
        args("index", "--checkpoint", missing.toString(), missing.toString(), "--out",
            dir.resolve("ix").toString()),
        args("search", missing.toString(), "a query"),
        args("jshell", missing + ".jsh"),
        args("train", "--config", config.toString(), "--device", "gpu:7", "--out",
            dir.resolve("gpu").toString()),
        args("classify", "--checkpoint", run.toString(), "--device", "tpu", "--labels", "a,b",
            missing + ".png"));
    List<String> walked = new ArrayList<>();
    for (String[] a : bad) {
      CliOutput.Run r = CliOutput.run(a);
      // "clip help X" and a bad root option are reported by the root command, "clip".
      String command = a[0].startsWith("-") || a[0].equals("help") ? "clip"
          : "clip " + a[0] + (grouped(a[0]) && !a[1].startsWith("no-") ? " " + a[1] : "");
      assertThat(r.code()).as("exit code of clip %s (stderr %s)", String.join(" ", a), r.err())
          .isEqualTo(2);
      assertThat(r.err().lines().toList()).as("stderr of clip %s", String.join(" ", a))
          .hasSize(1)
          .allMatch(line -> line.startsWith(command + ":") || line.startsWith(command + " "))
          .noneMatch(line -> line.contains("Exception") || line.contains("\tat "));
      walked.add(grouped(a[0]) ? a[0] + " " + a[1] : a[0]);
    }
    assertThat(walked).containsAll(commandNames());
    assertThat(CliOutput.run("train", "--config", missing + ".json").err())
        .contains(missing + ".json", "no such file");
    assertThat(CliOutput.run("train", "--config", config.toString(), "--set",
        "training.steps=abc").err()).isEqualTo("clip train: " + config + ": training.steps: "
        + "expected an integer, got \"abc\" (from --set training.steps=abc)\n");
    assertThat(CliOutput.run("train", "--config", config.toString(), "--set", "training.steps")
        .err()).startsWith("clip train: --set training.steps: expected KEY=VALUE");
    assertThat(CliOutput.run("train", "--config", config.toString(), "--set",
        "init.checkpoint=" + dir, "--out", dir.resolve("ft4").toString()).err())
        .contains("init.checkpoint: " + dir + " is a directory without model.safetensors");
    assertThat(CliOutput.run("train", "--config", fineTune.toString(), "--out",
        dir.resolve("ft2").toString()).err())
        .contains("init.checkpoint", "no such file " + missing + ".safetensors");
    assertThat(CliOutput.run("train", "--config", invalid.toString()).err())
        .contains("batch_size");
    // This machine runs TensorFlow's CPU build: a GPU is refused before anything is written.
    assertThat(CliOutput.run("train", "--config", config.toString(), "--device", "gpu:0",
        "--out", dir.resolve("gpu0").toString()).err())
        .contains("device gpu:0: TensorFlow sees no GPU", "CPU build", "--device cpu or auto");
    assertThat(dir.resolve("gpu0")).doesNotExist();
    assertThat(CliOutput.run("index", "--checkpoint", run.toString(), "--device", "tpu", "--out",
        dir.resolve("index-tpu").toString(), dir.toString()).err())
        .startsWith("clip index: --device");
    assertThat(dir.resolve("index-tpu")).doesNotExist();
    assertThat(CliOutput.run("train", "--config", idx.toString(), "--out",
        dir.resolve("idx2").toString()).err()).contains(missing + "-images.idx");
    assertThat(CliOutput.run("data", "write-shards", "--csv", csv.toString(),
        "--caption-column", "caption", "--out", dir.resolve("w").toString()).err())
        .contains("no column \"caption\"");
  }

  @Test
  void everyCommandsHelpRendersWithoutFormatWarnings() {
    // Picocli formats descriptions with String.format: a lone '%' degrades the whole text to a
    // warning and raw "%n" markers, which only shows when someone asks for --help.
    for (String name : commandNames()) {
      List<String> a = new ArrayList<>(List.of(name.split(" ")));
      a.add("--help");
      CliOutput.Run r = CliOutput.run(a.toArray(String[]::new));
      assertThat(r.code()).as("clip %s --help", name).isZero();
      assertThat(r.out() + r.err()).as("clip %s --help", name).doesNotContain("picocli WARN")
          .doesNotContain("%n");
    }
  }

  @Test
  void debugAddsTheStackTrace() {
    CliOutput.Run r = CliOutput.run("describe", "no-such-preset", "--debug");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().count()).isGreaterThan(3);
    assertThat(r.err()).contains("\tat ");
  }

  @Test
  void everyJsonOutputIsOneDocumentOnOneLine() throws IOException {
    assertThat(trained.get("steps").asLong()).isEqualTo(3);
    assertThat(trained.get("zero_shot").size()).isEqualTo(4);
    assertThat(run.resolve("plots/loss.png")).isRegularFile();
    assertThat(Files.readString(run.resolve("report.md"))).contains("](plots/loss.png)");

    assertThat(json("describe", "ViT-B/32", "--json").get("params").asLong())
        .isEqualTo(151_277_313L);
    assertThat(json("describe", "--presets", "--json").has("RN50")).isTrue();
    assertThat(json("scale", "RN50", "--compute", "2", "--json").has("actual_factors")).isTrue();
    assertThat(json("bench", "--list", "--json").has("matmul_gflops")).isTrue();
    assertThat(json("plan", "demo", "--batch-size", "512", "--estimate-only", "--json")
        .get("modes").get("cache").get("estimate_mib").get("total").asDouble()).isPositive();
    assertThat(json("bench", "--only", "matmul_gflops", "--seconds", "0.1", "--json")
        .get("matmul_gflops").asDouble()).isPositive();
    JsonNode serving = json("bench", "--serving", "--model", "tiny-vit", "--batches", "1,2",
        "--callers", "1,2", "--seconds", "0.05", "--json").get("serving");
    assertThat(serving).hasSize(4);
    assertThat(serving.get(3).get("batch").asInt()).isEqualTo(2);
    assertThat(serving.get(3).get("callers").asInt()).isEqualTo(2);
    assertThat(serving.get(3).get("images_per_s").asDouble()).isPositive();

    Path image = dir.resolve("red.png");
    ImageIO.write(new BufferedImage(20, 30, BufferedImage.TYPE_INT_RGB), "png", image.toFile());
    assertThat(json("preprocess", image.toString(), "--size", "16", "--out",
        dir.resolve("pre.safetensors").toString(), "--json").get("tensors").get(0).asText())
        .isEqualTo("red.png@16");

    Path photos = Files.createDirectories(dir.resolve("photos"));
    Files.copy(image, photos.resolve("red.png"));
    assertThat(json("export", "--checkpoint", run.resolve("model.safetensors").toString(),
        "--out", dir.resolve("saved").toString(), "--json").get("embed_dim").asInt())
        .isEqualTo(32);
    assertThat(json("index", "--checkpoint", run.resolve("model.safetensors").toString(),
        photos.toString(), "--out", dir.resolve("index").toString(), "--json").get("added")
        .asInt()).isEqualTo(1);
    // The run's learned vocabulary (vocab/merges.txt beside the checkpoint) encodes the query.
    assertThat(json("search", dir.resolve("index").toString(), "a red square", "--json")
        .get("results").get(0).get("image").asText()).endsWith("red.png");
    // The run directory itself is a model for both; the same weights give the same index.
    assertThat(json("index", "--checkpoint", run.toString(), photos.toString(), "--out",
        dir.resolve("index-of-run").toString(), "--json").get("added").asInt()).isEqualTo(1);
    assertThat(json("search", dir.resolve("index-of-run").toString(), "a red square",
        "--checkpoint", run.resolve("model.safetensors").toString(), "--vocab",
        run.resolve("vocab/merges.txt").toString(), "--json").get("results")).hasSize(1);

    Path ids = dir.resolve("ids.safetensors");
    Safetensors.write(ids, List.of(TensorData.ofLongs("text", new long[] {1, 24},
        new long[24])), Map.of());
    JsonNode encoded = json("encode", "--checkpoint", run.resolve("model.safetensors").toString(),
        "--tensors", ids.toString(), "--out", dir.resolve("enc.safetensors").toString(),
        "--threads", "1", "--json");
    assertThat(encoded.get("tensors").get("text_features").toString()).isEqualTo("[1,32]");

    Path classes = dir.resolve("classes");
    for (String c : List.of("red", "blue")) {
      Files.createDirectories(classes.resolve(c));
      ImageIO.write(new BufferedImage(20, 24, BufferedImage.TYPE_INT_RGB), "png",
          classes.resolve(c).resolve("x.png").toFile());
    }
    assertThat(json("features", "--checkpoint", run.toString(), "--images", classes.toString(),
        "--out", dir.resolve("feat.safetensors").toString(), "--json").get("width").asInt())
        .isEqualTo(32);
    assertThat(json("classify", "--checkpoint", run.toString(), "--labels", "red,blue",
        classes.toString(), "--json").get("images")).hasSize(2);
    Path names = Files.writeString(dir.resolve("names.txt"), "blue\nred\n");
    Path templates = Files.writeString(dir.resolve("templates.txt"), "a {} square\n");
    assertThat(json("eval", "zeroshot", "--checkpoint", run.toString(), "--images",
        classes.toString(), "--classes", names.toString(), "--templates", templates.toString(),
        "--json").get("images").asInt()).isEqualTo(2);

    Path corpus = dir.resolve("corpus");
    assertThat(json("data", "corpus", "--captions", "300", "--queries", "20", "--vocabulary",
        "100", "--per-shard", "100", "--out", corpus.toString(), "--json")
        .get("captions").asLong()).isEqualTo(300);
    String shards = corpus + "/corpus-{00000..00002}.tar";
    assertThat(json("data", "stats", shards, "--json").get("samples").asLong()).isEqualTo(300);
    assertThat(json("data", "curate", "--queries", corpus.resolve("queries.txt").toString(),
        "--max-per-query", "3", "--in", shards, "--out", dir.resolve("curated").toString(),
        "--json").get("pairs").asLong()).isEqualTo(300);
    JsonNode loader = json("data", "bench", "--images", "8", "--batches", "1", "--rounds", "1",
        "--workers", "1", "--work-dir", dir.resolve("bench").toString(), "--json");
    assertThat(loader.get("rounds").asInt()).isEqualTo(1);
    assertThat(loader.get("loader_images_per_s").asDouble()).isPositive();
    Files.writeString(dir.resolve("pairs.csv"), "filepath,title\nred.png,a black square\n");
    assertThat(json("data", "write-shards", "--csv", dir.resolve("pairs.csv").toString(),
        "--out", dir.resolve("written").toString(), "--json").get("samples").asLong())
        .isEqualTo(1);
  }

  /** Runs a command that must succeed; its standard output must be one JSON line. */
  private static JsonNode json(String... args) throws IOException {
    CliOutput.Run r = CliOutput.run(args);
    assertThat(r.code()).as("exit code of clip %s; stderr %s", String.join(" ", args), r.err())
        .isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).as("stdout of clip %s", String.join(" ", args)).hasSize(1);
    JsonNode node = JSON.readTree(lines.get(0));
    assertThat(node.isObject()).isTrue();
    return node;
  }

  /** Every command and sub-command name ("data stats"), from the command line itself. */
  /** Parent commands whose sub-commands are named "parent sub". */
  private static boolean grouped(String command) {
    return command.equals("data") || command.equals("eval");
  }

  private static List<String> commandNames() {
    List<String> names = new ArrayList<>();
    for (var sub : ClipCommand.commandLine().getSubcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      if (sub.getSubcommands().isEmpty()) {
        names.add(spec.name());
      }
      sub.getSubcommands().keySet().forEach(k -> names.add(spec.name() + " " + k));
    }
    return names;
  }

  private static Path withInit(Path file, String checkpoint) throws IOException {
    ObjectNode e = (ObjectNode) JSON.readTree(config.toFile());
    ((ObjectNode) e.get("init")).put("checkpoint", checkpoint).put("frozen", "image");
    return Files.writeString(file, e.toPrettyString());
  }

  private static Path withIdxData(Path file, String images) throws IOException {
    ObjectNode e = (ObjectNode) JSON.readTree(config.toFile());
    ((ObjectNode) e.get("data")).set("source", JSON.readTree("{\"type\": \"idx\", \"images\": "
        + JSON.writeValueAsString(images) + ", \"labels\": "
        + JSON.writeValueAsString(images + ".labels") + ", \"class_names\": [\"a\", \"b\"],"
        + " \"templates\": [\"a photo of a {}\"]}"));
    return Files.writeString(file, e.toPrettyString());
  }

  private static String[] args(String... a) {
    return a;
  }
}

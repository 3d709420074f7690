package dev.clipjvm.clip.examples.cli;

import static dev.clipjvm.clip.examples.cli.ModelArguments.count;
import static dev.clipjvm.clip.examples.cli.ModelArguments.gmacs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.cost.CostEstimate;
import dev.clipjvm.clip.api.json.ConfigJson;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.scaling.Axis;
import dev.clipjvm.clip.api.scaling.CompoundScaling;
import dev.clipjvm.clip.api.scaling.ScaledModel;
import dev.clipjvm.clip.api.scaling.ScalingFactors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clip scale}: compound scaling of a base model (paper section 2.4). */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description = {
        "Scale a model's image encoder in width, depth and resolution together to a multiple "
            + "of its image MACs; the text encoder follows in width only.",
        "Factors given with --width/--depth/--resolution are kept; with --compute the other "
            + "axes are searched to hit the target, without it the factors are only rounded."})
public final class ScaleCommand implements Callable<Integer> {

  @Parameters(paramLabel = "BASE", description = "A preset (RN50, ViT-B/32, ...) or a JSON "
      + "model config file.")
  String base;

  @Option(names = "--compute", paramLabel = "K",
      description = "Target image-encoder MACs as a multiple of the base's.")
  Double compute;

  @Option(names = "--width", paramLabel = "F", description = "Width factor.")
  Double width;

  @Option(names = "--depth", paramLabel = "F", description = "Depth factor.")
  Double depth;

  @Option(names = "--resolution", paramLabel = "F", description = "Resolution factor.")
  Double resolution;

  /** The coefficient sets a user can pick. */
  enum Coefficients {
    paper(CompoundScaling.PAPER),
    efficientnet(CompoundScaling.EFFICIENTNET);

    final CompoundScaling scaling;

    Coefficients(CompoundScaling scaling) {
      this.scaling = scaling;
    }
  }

  @Option(names = "--coefficients", paramLabel = "SET", defaultValue = "paper",
      description = "paper: compute split equally between depth, width and resolution (paper "
          + "section 2.4; depth K^(1/3), width and resolution K^(1/6)); efficientnet: Tan and "
          + "Le's alpha 1.2, beta 1.1, gamma 1.15. Default: ${DEFAULT-VALUE}.")
  Coefficients coefficients;

  @Option(names = "--no-search", description = "With --compute: only round the ideal factors "
      + "instead of searching nearby sizes for the target MACs.")
  boolean noSearch;

  @Option(names = "--json", description = "Print one JSON object on one line: estimates, "
      + "factors and the scaled config.")
  boolean json;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Also write the scaled model config (JSON) to FILE.")
  Path output;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Map<Axis, Double> fixed = new EnumMap<>(Axis.class);
    put(fixed, Axis.WIDTH, width);
    put(fixed, Axis.DEPTH, depth);
    put(fixed, Axis.RESOLUTION, resolution);
    if (compute == null && fixed.isEmpty()) {
      throw new ParameterException(spec.commandLine(),
          "give --compute K and/or factors --width, --depth, --resolution");
    }
    ClipConfig baseConfig = ModelArguments.resolve(base);
    ScaledModel scaled;
    try {
      scaled = scale(baseConfig, fixed);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e); // a factor or target the scaling rules cannot meet
    }
    if (output != null) {
      Files.writeString(output, ConfigJson.write(scaled.config()));
    }
    if (json) {
      JsonOutput.print(tree(baseConfig, scaled));
    } else {
      print(System.out, baseConfig, scaled);
    }
    return 0;
  }

  private ScaledModel scale(ClipConfig baseConfig, Map<Axis, Double> fixed) {
    return compute != null && noSearch
        ? CompoundScaling.apply(baseConfig, coefficients.scaling.factors(compute, fixed))
        : compute != null
        ? coefficients.scaling.scale(baseConfig, compute, fixed)
        : CompoundScaling.apply(baseConfig, new ScalingFactors(fixed.getOrDefault(Axis.WIDTH, 1.0),
            fixed.getOrDefault(Axis.DEPTH, 1.0), fixed.getOrDefault(Axis.RESOLUTION, 1.0)));
  }

  private static void put(Map<Axis, Double> fixed, Axis axis, Double factor) {
    if (factor != null) {
      fixed.put(axis, factor);
    }
  }

  private ObjectNode tree(ClipConfig baseConfig, ScaledModel s) {
    ObjectNode out = ModelArguments.estimateTree(s.config());
    ObjectNode head = out.objectNode();
    head.put("base", base);
    head.put("coefficients", compute != null ? coefficients.name() : "none");
    // Without --compute the target is what EfficientNet's d * w^2 * r^2 predicts for the factors.
    head.put(compute != null ? "target_compute" : "predicted_compute", s.targetCompute());
    head.put("achieved_compute", s.achievedCompute());
    head.put("base_image_macs", CostEstimate.of(baseConfig).imageMacs());
    head.set("ideal_factors", factors(out, s.ideal()));
    head.set("actual_factors", factors(out, s.actual()));
    head.setAll(out);
    return head;
  }

  private static ObjectNode factors(ObjectNode factory, ScalingFactors f) {
    return factory.objectNode().put("width", f.width()).put("depth", f.depth())
        .put("resolution", f.resolution());
  }

  private void print(PrintStream out, ClipConfig baseConfig, ScaledModel s) {
    CostEstimate b = CostEstimate.of(baseConfig);
    CostEstimate e = CostEstimate.of(s.config());
    out.printf(Locale.ROOT, "%s scaled to %.2fx image compute (%s %.2fx)%n", base,
        s.achievedCompute(), compute != null ? "asked" : "d*w^2*r^2 predicts", s.targetCompute());
    out.printf(Locale.ROOT, "  factors  ideal width %.3f depth %.3f resolution %.3f%n",
        s.ideal().width(), s.ideal().depth(), s.ideal().resolution());
    out.printf(Locale.ROOT, "           actual width %.3f depth %.3f resolution %.3f%n",
        s.actual().width(), s.actual().depth(), s.actual().resolution());
    out.println("  base     " + ModelArguments.vision(baseConfig));
    out.println("  scaled   " + ModelArguments.vision(s.config()));
    out.println("  text     " + ModelArguments.text(s.config()));
    out.printf("  params   %s -> %s (image %s -> %s)%n", count(b.params()), count(e.params()),
        count(b.imageParams()), count(e.imageParams()));
    out.printf("  GMACs    image %s -> %s, text %s -> %s%n", gmacs(b.imageMacs()),
        gmacs(e.imageMacs()), gmacs(b.textMacs()), gmacs(e.textMacs()));
    out.println("config (JSON):");
    out.print(ConfigJson.write(s.config()));
  }
}

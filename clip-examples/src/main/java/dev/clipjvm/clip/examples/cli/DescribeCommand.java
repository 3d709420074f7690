package dev.clipjvm.clip.examples.cli;

import static dev.clipjvm.clip.examples.cli.ModelArguments.count;
import static dev.clipjvm.clip.examples.cli.ModelArguments.gmacs;

import dev.clipjvm.clip.api.cost.CostEstimate;
import dev.clipjvm.clip.api.cost.ParameterManifest;
import dev.clipjvm.clip.api.json.ConfigJson;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.ModelPresets;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code clip describe}: a model's resolved configuration, parameter counts and MACs. */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description = {
        "Print a model's resolved configuration, parameters (total, image, text) and "
            + "multiply-accumulates per image and per text.",
        "MACs count matrix products and convolutions of one forward pass (docs/model-configs.md)."})
public final class DescribeCommand implements Callable<Integer> {

  @Parameters(arity = "0..1", paramLabel = "NAME_OR_CONFIG",
      description = "A preset (RN50, ViT-B/32, tiny-vit, ...) or a JSON model config file.")
  String model;

  @Option(names = "--json", description = "Print one JSON object on one line: params, "
      + "image_params, text_params, image_macs, text_macs and the config (with --presets: one "
      + "such object per preset name).")
  boolean json;

  @Option(names = "--relative-to", paramLabel = "BASE",
      description = "Also print parameters and MACs as multiples of BASE's (preset or file).")
  String relativeTo;

  @Option(names = "--presets", description = "Print a Markdown table of every preset instead.")
  boolean presets;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    if (presets) {
      if (json) {
        var all = Json.object();
        for (String name : ModelPresets.names()) {
          all.set(name, ModelArguments.estimateTree(ModelPresets.get(name)));
        }
        JsonOutput.print(all);
      } else {
        table(out);
      }
      return 0;
    }
    if (model == null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "give NAME_OR_CONFIG, or --presets");
    }
    ClipConfig config = ModelArguments.resolve(model);
    CostEstimate e = CostEstimate.of(config);
    CostEstimate base =
        relativeTo == null ? null : CostEstimate.of(ModelArguments.resolve(relativeTo));
    if (json) {
      var tree = ModelArguments.estimateTree(config).put("name", model);
      if (base != null) {
        tree.putObject("relative_to").put("base", relativeTo)
            .put("params", e.params() / (double) base.params())
            .put("image_macs", e.imageMacs() / (double) base.imageMacs())
            .put("text_macs", e.textMacs() / (double) base.textMacs());
      }
      JsonOutput.print(tree);
      return 0;
    }
    out.println(model);
    out.println("  image encoder  " + ModelArguments.vision(config));
    out.println("  text encoder   " + ModelArguments.text(config));
    out.printf("  joint space    %d wide, %s, logit scale exp(%.4f) <= %s%n", config.embedDim(),
        config.activation(), config.initLogitScale(), config.maxLogitScale());
    out.printf("parameters  %s (image %s, text and logit scale %s)%n",
        count(e.params()), count(e.imageParams()), count(e.textParams()));
    long buffers = ParameterManifest.of(config).buffers().size();
    if (buffers > 0) {
      out.printf("buffers     %d BatchNorm statistics tensors (not counted)%n", buffers);
    }
    out.printf("MACs        %s G per image, %s G per text of %d tokens%n",
        gmacs(e.imageMacs()), gmacs(e.textMacs()), config.text().contextLength());
    if (base != null) {
      out.printf(Locale.ROOT,
          "relative to %s: parameters %.2fx, image MACs %.2fx, text MACs %.2fx%n", relativeTo, e.params() / (double) base.params(),
          e.imageMacs() / (double) base.imageMacs(), e.textMacs() / (double) base.textMacs());
    }
    out.println("config (JSON):");
    out.print(ConfigJson.write(config));
    return 0;
  }

  private static void table(PrintStream out) {
    out.println("| preset | image encoder | params | image params | text params "
        + "| image GMACs | text GMACs |");
    out.println("|---|---|---:|---:|---:|---:|---:|");
    for (String name : ModelPresets.names()) {
      ClipConfig c = ModelPresets.get(name);
      CostEstimate e = CostEstimate.of(c);
      String encoder = ModelArguments.vision(c).replaceFirst(", attention pool.*", "")
          .replaceFirst(", \\d+ heads of.*", "");
      out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", name, encoder, count(e.params()),
          count(e.imageParams()), count(e.textParams()), gmacs(e.imageMacs()),
          gmacs(e.textMacs()));
    }
  }
}

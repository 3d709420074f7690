// Notebook: compound scaling of an image encoder and what models cost.
//   ./clip jshell clip-examples/notebooks/scaling-and-costs.jsh
// Pure description work (clip-api, no TensorFlow): a second or two.

import dev.clipjvm.clip.api.cost.CostEstimate;
import dev.clipjvm.clip.api.model.*;
import dev.clipjvm.clip.api.scaling.*;
import java.util.*;

// What the presets cost: trainable parameters and multiply-accumulates per image and per text.
System.out.printf("%-14s %13s %11s %11s%n", "model", "parameters", "GMAC/image", "GMAC/text");
for (String name : ModelPresets.names()) {
  CostEstimate c = CostEstimate.of(ModelPresets.get(name));
  System.out.printf("%-14s %,13d %11.2f %11.2f%n", name, c.params(), c.imageMacs() / 1e9,
      c.textMacs() / 1e9);
}

// The paper (section 2.4) scales the ResNet image encoder along width, depth and resolution
// together: K times the compute gives each axis K^(1/3) of it. Scale RN50 by 4, 16 and 64 and
// set the result beside OpenAI's RN50x4, RN50x16 and RN50x64.
ClipConfig rn50 = ModelPresets.get("RN50");
System.out.printf("%n%-8s %-26s %-26s %9s %9s%n", "compute", "scaled (layers, width, px)",
    "OpenAI's", "MACs x", "params");
for (int k : new int[] {4, 16, 64}) {
  ScaledModel s = CompoundScaling.PAPER.scale(rn50, k);
  ResNetConfig ours = (ResNetConfig) s.config().vision();
  ResNetConfig theirs = (ResNetConfig) ModelPresets.get("RN50x" + k).vision();
  System.out.printf("%-8s %-26s %-26s %9.2f %,9d%n", "x" + k,
      ours.layers() + " " + ours.width() + " " + ours.imageSize(),
      theirs.layers() + " " + theirs.width() + " " + theirs.imageSize(),
      s.achievedCompute(), CostEstimate.of(s.config()).params());
  // Rounding to valid sizes keeps the achieved compute near the target.
  if (Math.abs(Math.log(s.achievedCompute() / k)) > Math.log(1.5)) {
    throw new AssertionError("x" + k + " achieved " + s.achievedCompute());
  }
}

// Fix an axis and let the others share the rest: resolution kept at 224, compute x4.
ScaledModel noResize = CompoundScaling.PAPER.scale(rn50, 4, Map.of(Axis.RESOLUTION, 1.0));
System.out.println("\nx4 at 224 pixels: " + noResize.config().vision() + ", ideal factors "
    + noResize.ideal() + ", achieved " + String.format("%.2f", noResize.achievedCompute()));

// Descriptions are values: an edit returns a new, validated record; a bad one says what is wrong.
ClipConfig wider = rn50.withEmbedDim(768);
System.out.printf("RN50 with a 768-wide joint space instead of %d: %,d parameters (%,d before)%n",
    rn50.embedDim(), CostEstimate.of(wider).params(), CostEstimate.of(rn50).params());
try {
  new VitConfig(224, 32, 770, 12, 64, 4.0); // 770 is not a whole number of 64-wide heads
  throw new AssertionError("a width not divisible by the head width was accepted");
} catch (InvalidConfigException expected) {
  System.out.println("rejected: " + expected.getMessage());
}

// Notebook: train a tiny CLIP on the built-in synthetic shapes and plot its loss curve.
//   ./clip jshell clip-examples/notebooks/train-and-plot.jsh
// Writes a run directory (checkpoints, metrics.jsonl, report.md) and PNG plots under a fresh
// temporary folder, printed at the end. About 30 s on a 2-core CPU.

import dev.clipjvm.clip.api.experiment.*;
import dev.clipjvm.clip.api.train.*;
import dev.clipjvm.clip.examples.render.Plots;
import dev.clipjvm.clip.tf.experiment.*;
import dev.clipjvm.clip.tf.train.*;
import java.nio.file.*;
import java.util.*;

// The demo experiment (a 3-layer ViT on 32-pixel images and a 3-layer text Transformer with a
// BPE vocabulary learned from the captions), cut to 120 steps of 32 pairs and scored zero-shot
// on 200 fresh images of each attribute at the end.
long steps = 120;
Experiment demo = ExperimentPresets.demo(steps);
Experiment small = demo.withName("notebook")
    .withTokenizer(new TokenizerConfig.Train(1024, 5_000))
    .withTraining(demo.training().withBatchSize(32).withLogInterval(10).withEvalInterval(0)
        .withCheckpointInterval(steps))
    .withEvaluation(new EvaluationConfig(demo.evaluation().tasks().stream()
        .filter(t -> !t.name().contains("held_out"))
        .map(t -> new ZeroShotTask(t.name(), new LabelledSet.Synthetic(
            ((LabelledSet.Synthetic) t.images()).attribute(), false, 200),
            t.classNames(), t.templates()))
        .toList(), 200));

// The training loop renders nothing itself: a listener decides how a run is shown. This one
// draws the plots with the command line's renderer (XChart PNGs) when training ends.
TrainingListener plotting = new TrainingListener() {
  @Override
  public List<Path> plots(Path dir, List<StepMetrics> metrics, Map<String, List<double[]>> evals) {
    return Plots.write(dir, metrics, evals);
  }
};

// Output goes under the folder the system property clip.notebook.dir names (the tests set it),
// else under the system's temporary folder.
Path scratch = Path.of(System.getProperty("clip.notebook.dir", System.getProperty("java.io.tmpdir")));
Path runDir = Files.createTempDirectory(scratch, "clip-notebook-").resolve("run");
RunResult result = ExperimentRunner.run(small, new ExperimentRunner.Options(runDir, false, plotting));

System.out.printf("%d steps, final loss %.3f (chance: ln 32 = %.3f), %.0f pairs/s%n",
    result.steps(), result.finalLoss(), Math.log(32), result.pairsPerSecond());
result.zeroShot().forEach((task, top1) -> System.out.printf("zero-shot %s: %.3f%n", task, top1));
result.plots().forEach(p -> System.out.println("plot: " + p));

// The notebook fails (and CI with it) if training did not learn or the curve was not drawn.
if (!(result.finalLoss() < Math.log(32))) {
  throw new AssertionError("the loss did not fall below chance: " + result.finalLoss());
}
Path loss = result.plots().stream().filter(p -> p.getFileName().toString().equals("loss.png"))
    .findFirst().orElseThrow(() -> new AssertionError("no loss.png among " + result.plots()));
if (javax.imageio.ImageIO.read(loss.toFile()).getWidth() != 800) {
  throw new AssertionError(loss + " is not the 800-pixel-wide chart");
}

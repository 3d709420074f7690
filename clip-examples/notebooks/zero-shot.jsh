// Notebook: zero-shot classification with a checkpoint.
//   ./clip jshell clip-examples/notebooks/zero-shot.jsh
// Trains a tiny CLIP on the built-in synthetic shapes for a few seconds (so the notebook needs
// no download), then loads its run directory like any checkpoint and classifies fresh images by
// colour from class names alone. About 40 s on a 2-core CPU. With OpenAI's released weights the
// same code runs on photographs: ClipModel.pretrained("ViT-B/32") instead of ClipModel.load.

import dev.clipjvm.clip.api.experiment.*;
import dev.clipjvm.clip.data.image.Pixels;
import dev.clipjvm.clip.data.synthetic.*;
import dev.clipjvm.clip.tf.experiment.*;
import dev.clipjvm.clip.tf.inference.ClipModel;
import dev.clipjvm.clip.tf.train.TrainingListener;
import dev.clipjvm.clip.tf.zeroshot.*;
import java.awt.image.BufferedImage;
import java.nio.file.*;
import java.util.*;
import java.util.stream.*;
import javax.imageio.ImageIO;

// 1. A checkpoint to classify with: 150 steps of the demo experiment, no evaluation.
Experiment demo = ExperimentPresets.demo(150);
Experiment quick = demo.withName("zero-shot-notebook")
    .withTokenizer(new TokenizerConfig.Train(1024, 5_000))
    .withTraining(demo.training().withBatchSize(32).withEvalInterval(0).withCheckpointInterval(150))
    .withEvaluation(EvaluationConfig.none());
// Output goes under the folder the system property clip.notebook.dir names (the tests set it),
// else under the system's temporary folder.
Path scratch = Path.of(System.getProperty("clip.notebook.dir", System.getProperty("java.io.tmpdir")));
Path runDir = Files.createTempDirectory(scratch, "clip-notebook-").resolve("run");
ExperimentRunner.run(quick, new ExperimentRunner.Options(runDir, false, TrainingListener.NONE));

// 2. Load it: a run directory brings its weights, its learned vocabulary and context length.
//    Any checkpoint file loads the same way (safetensors, torch.save, OpenAI's TorchScript .pt).
ClipModel model = ClipModel.load(runDir);
System.out.println("loaded " + model.source() + ": " + model.imageSize() + "-pixel images, "
    + model.contextLength() + "-token texts");

// 3. A zero-shot classifier: each class name in each template, encoded, averaged per class.
List<String> colors = Arrays.stream(Color.values()).map(Color::word).toList();
ZeroShotClassifier byColor = ZeroShotClassifier.build(model,
    PromptSet.of(colors, List.of("a {} shape", "a {} object", "a photo of a {} object")));

// 4. Fresh images the model never saw (the test split of the synthetic generator).
SyntheticDataset generator = new SyntheticDataset(SyntheticSpec.of(7, model.imageSize()));
List<SyntheticImage> images = LongStream.range(0, 120)
    .mapToObj(i -> generator.sample(Split.TEST, i)).toList();
List<List<Prediction>> ranked = byColor.classifyPixels(images.stream()
    .map(im -> Pixels.rgb(im.size(), im.size(), im.pixels())).toList());
long right = IntStream.range(0, images.size())
    .filter(i -> ranked.get(i).get(0).label().equals(images.get(i).subject().color().word()))
    .count();
double accuracy = right / (double) images.size();
System.out.printf("top-1 colour accuracy on %d fresh images: %.3f (chance %.3f)%n",
    images.size(), accuracy, 1.0 / colors.size());

// 5. The same from an image file: the library decodes, resizes and crops it as CLIP does.
SyntheticImage first = images.get(0);
BufferedImage png = new BufferedImage(first.size(), first.size(), BufferedImage.TYPE_INT_RGB);
for (int y = 0; y < first.size(); y++) {
  for (int x = 0; x < first.size(); x++) {
    int o = 3 * (y * first.size() + x);
    byte[] p = first.pixels();
    png.setRGB(x, y, (p[o] & 255) << 16 | (p[o + 1] & 255) << 8 | (p[o + 2] & 255));
  }
}
Path file = runDir.resolveSibling("image.png");
ImageIO.write(png, "png", file.toFile());
List<Prediction> top = byColor.classify(file);
System.out.println(file + " (" + first.caption() + "):");
top.stream().limit(3).forEach(p -> System.out.printf("  %-7s %.3f%n", p.label(), p.probability()));

model.close();

// Fails the notebook (and CI) when the classifier is no better than chance.
if (!(accuracy > 2.0 / colors.size())) {
  throw new AssertionError("zero-shot colour accuracy " + accuracy + " is near chance");
}

package dev.clipjvm.clip.tf.experiment;

import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ZeroShotTask;
import dev.clipjvm.clip.api.model.VitConfig;
import dev.clipjvm.clip.data.io.DiskFullException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/** Writes {@code report.md} of a run: settings, outcome, zero-shot table and plots. */
final class Report {
  private Report() {}

  static Path write(Experiment e, RunResult r) {
    StringBuilder md = new StringBuilder();
    md.append("# Run report: ").append(e.name()).append("\n\n");
    md.append("| item | value |\n|---|---|\n");
    row(md, "steps", Long.toString(r.steps()));
    row(md, "batch size", Integer.toString(e.training().batchSize()));
    row(md, "final loss", String.format(Locale.ROOT, "%.4f", r.finalLoss()));
    row(md, "training throughput", String.format(Locale.ROOT, "%.1f pairs/s", r.pairsPerSecond()));
    row(md, "training time (this process)", String.format(Locale.ROOT, "%.1f s", r.trainSeconds()));
    row(md, "total time (this process)", String.format(Locale.ROOT, "%.1f s", r.seconds()));
    row(md, "image encoder", e.model().vision() instanceof VitConfig v
        ? String.format(Locale.ROOT, "ViT %d px, patch %d, width %d, %d layers", v.imageSize(),
            v.patchSize(), v.width(), v.layers())
        : e.model().vision().toString());
    row(md, "text encoder", String.format(Locale.ROOT, "width %d, %d layers, %d heads, context %d",
        e.model().text().width(), e.model().text().layers(), e.model().text().heads(),
        e.model().text().contextLength()));
    row(md, "checkpoint", r.runDir().relativize(r.checkpoint()).toString());
    md.append("\n## Zero-shot accuracy\n\n| task | classes | images | top-1 | top-5 |\n")
        .append("|---|---|---|---|---|\n");
    for (ZeroShotTask t : e.evaluation().tasks()) {
      Double top1 = r.evaluation().get("zero_shot/" + t.name() + "/top1");
      Double top5 = r.evaluation().get("zero_shot/" + t.name() + "/top5");
      md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |\n", t.name(),
          t.classNames().size(), count(t), pct(top1), pct(top5)));
    }
    md.append("\nPrompts are averaged over the templates of each task (paper section 3.1.4).\n");
    md.append("\n## Plots\n\n");
    for (Path p : r.plots()) {
      String rel = r.runDir().relativize(p).toString();
      md.append("![").append(p.getFileName()).append("](").append(rel).append(")\n\n");
    }
    md.append("Metrics per step: `metrics.jsonl`; TensorBoard: `tensorboard --logdir ")
        .append("tensorboard`.\n");
    Path out = r.runDir().resolve(RunDirectory.REPORT);
    // Atomically: a complete report marks a finished run (RunDirectory), a torn one must not.
    Path temp = r.runDir().resolve(RunDirectory.REPORT + ".tmp-" + System.nanoTime());
    try {
      Files.writeString(temp, md.toString(), StandardCharsets.UTF_8);
      Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException ex) {
      throw DiskFullException.writing(out, ex);
    }
    return out;
  }

  private static String count(ZeroShotTask t) {
    if (t.images() instanceof dev.clipjvm.clip.api.experiment.LabelledSet.Synthetic s) {
      return Integer.toString(s.count());
    }
    int limit = ((dev.clipjvm.clip.api.experiment.LabelledSet.Idx) t.images()).limit();
    return limit == 0 ? "all" : Integer.toString(limit);
  }

  private static String pct(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  private static void row(StringBuilder md, String k, String v) {
    md.append("| ").append(k).append(" | ").append(v).append(" |\n");
  }
}

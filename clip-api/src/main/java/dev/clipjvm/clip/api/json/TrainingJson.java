package dev.clipjvm.clip.api.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.train.AdamWConfig;
import dev.clipjvm.clip.api.train.Device;
import dev.clipjvm.clip.api.train.Precision;
import dev.clipjvm.clip.api.train.TrainingConfig;
import dev.clipjvm.clip.api.train.TrainingLength;
import dev.clipjvm.clip.api.train.WarmupCosine;
import static dev.clipjvm.clip.api.json.ConfigSchema.Doc.of;
import static dev.clipjvm.clip.api.json.ConfigSchema.Doc.withDefault;
import static java.util.Map.entry;

import dev.clipjvm.clip.api.json.ConfigSchema.Doc;
import java.util.Locale;
import java.util.Map;

/**
 * {@link TrainingConfig} as JSON: {@code batch_size}, exactly one of {@code steps} or
 * {@code epochs}, {@code optimizer} ({@code lr}, {@code beta1}, {@code beta2}, {@code eps},
 * {@code weight_decay}; all required), {@code schedule} ({@code warmup_steps} required,
 * {@code final_lr_fraction} default 0), and optional {@code precision} ({@code "fp32"} default,
 * or {@code "bf16_mixed"}), {@code grad_clip_norm} (0 = off), {@code checkpoint_interval} (0 =
 * only at the end), {@code keep_checkpoints} (1), {@code log_interval} (10),
 * {@code eval_interval} (0 = off), {@code seed} (0) and {@code micro_batch_size} (the batch
 * size: no micro-batching; a divisor of it trains with the gradient cache), {@code recompute}
 * (false: keep every activation for the backward pass) and {@code device} ({@code "auto"},
 * {@code "cpu"} or {@code "gpu:N"}).
 */
public final class TrainingJson {
  private TrainingJson() {}

  /** The reference of the training keys (docs/configuration.md is generated from it). */
  private static final Map<String, Doc> DOCS = Map.ofEntries(
      entry("batch_size", of("pairs per step; at least 2, at most 2^20")),
      entry("epochs", Doc.of("integer", "required unless `steps`", "length of the run in "
          + "passes over the data; an epoch is `examples / batch_size` steps (the last partial "
          + "batch dropped); give `steps` or `epochs`, not both")),
      entry("steps", withDefault("required unless `epochs`", "length of the run in steps")),
      entry("optimizer", of("AdamW")),
      entry("optimizer.lr", of("peak learning rate; positive")),
      entry("optimizer.beta1", of("first-moment decay; in [0, 1)")),
      entry("optimizer.beta2", of("second-moment decay; in [0, 1)")),
      entry("optimizer.eps", of("added to the denominator; positive")),
      entry("optimizer.weight_decay", of("decoupled weight decay; at least 0")),
      entry("schedule", of("learning-rate schedule: linear warmup, then cosine decay")),
      entry("schedule.warmup_steps", of("linear warmup `(step + 1) / warmup_steps`; less than "
          + "the run's steps")),
      entry("schedule.final_lr_fraction", of("the cosine decays from the peak to this fraction "
          + "of it at the last step; in [0, 1]")),
      entry("precision", of("`fp32`, or `bf16_mixed` (bfloat16 compute, float32 weights)")),
      entry("grad_clip_norm", of("global gradient-norm clip; 0 = off")),
      entry("checkpoint_interval", of("steps between checkpoints; 0 = only at the end")),
      entry("keep_checkpoints", of("most recent checkpoints kept; at least 1")),
      entry("log_interval", of("steps between log lines; positive")),
      entry("eval_interval", of("steps between evaluations; 0 = only at the end")),
      entry("seed", of("seed of initialization, shuffling and augmentation")),
      entry("micro_batch_size", withDefault("`batch_size` (off)", "pairs per encoder pass; a "
          + "divisor of `batch_size` trains with the gradient cache (docs/training.md), a step "
          + "still being the `batch_size` step; a ModifiedResNet image tower must be frozen")),
      entry("recompute", of("recompute each Transformer block's activations in the backward "
          + "pass instead of keeping them (gradient checkpointing)")),
      entry("device", of("where the graph runs: `auto`, `cpu` or `gpu:N` (docs/platforms.md); "
          + "`--device` on the command line overrides it")));

  /** Reads a training configuration from {@code f}; null if invalid (problems reported). */
  public static TrainingConfig read(JsonFields f) {
    f.document(DOCS);
    int batchSize = f.integer("batch_size");
    TrainingLength length = length(f);
    AdamWConfig optimizer = optimizer(f.object("optimizer"));
    JsonFields s = f.object("schedule");
    long warmup = s.longInteger("warmup_steps");
    double finalFraction = s.number("final_lr_fraction", 0.0);
    WarmupCosine schedule = s.build(() -> new WarmupCosine(warmup, finalFraction));
    Precision precision = f.choice("precision", Precision.FP32, Precision.values());
    double clip = f.number("grad_clip_norm", 0.0);
    long checkpointInterval = f.longInteger("checkpoint_interval", 0);
    int keep = f.integer("keep_checkpoints", 1);
    long logInterval = f.longInteger("log_interval", 10);
    long evalInterval = f.longInteger("eval_interval", 0);
    long seed = f.longInteger("seed", 0);
    int micro = f.integer("micro_batch_size", batchSize);
    boolean recompute = f.bool("recompute", false);
    Device device = device(f);
    return f.build(() -> new TrainingConfig(batchSize, length, optimizer, schedule, precision,
        clip, checkpointInterval, keep, logInterval, evalInterval, seed, micro, recompute,
        device));
  }

  private static Device device(JsonFields f) {
    String text = f.text("device", "auto");
    try {
      return Device.parse(text);
    } catch (IllegalArgumentException e) {
      f.problem("device", e.getMessage());
      return Device.AUTO;
    }
  }

  private static TrainingLength length(JsonFields f) {
    boolean steps = f.has("steps");
    boolean epochs = f.has("epochs");
    if (steps && epochs) {
      f.problem("steps", "give steps or epochs, not both");
    } else if (!steps && !epochs) {
      f.problem("steps", "is missing (give steps or epochs)");
    }
    if (epochs && !steps) {
      int n = f.integer("epochs");
      return f.construct(() -> TrainingLength.epochs(n));
    }
    f.value("epochs");
    long n = f.longInteger("steps", 0);
    return steps ? f.construct(() -> TrainingLength.steps(n)) : null;
  }

  private static AdamWConfig optimizer(JsonFields o) {
    double lr = o.number("lr");
    double beta1 = o.number("beta1");
    double beta2 = o.number("beta2");
    double eps = o.number("eps");
    double decay = o.number("weight_decay");
    return o.build(() -> new AdamWConfig(lr, beta1, beta2, eps, decay));
  }

  /** Writes every field of {@code config}, defaults included. */
  public static ObjectNode write(TrainingConfig config) {
    ObjectNode root = Json.object();
    root.put("batch_size", config.batchSize());
    if (config.length() instanceof TrainingLength.Steps s) {
      root.put("steps", s.count());
    } else if (config.length() instanceof TrainingLength.Epochs e) {
      root.put("epochs", e.count());
    }
    AdamWConfig o = config.optimizer();
    root.putObject("optimizer").put("lr", o.lr()).put("beta1", o.beta1())
        .put("beta2", o.beta2()).put("eps", o.eps()).put("weight_decay", o.weightDecay());
    root.putObject("schedule").put("warmup_steps", config.schedule().warmupSteps())
        .put("final_lr_fraction", config.schedule().finalLrFraction());
    root.put("precision", config.precision().name().toLowerCase(Locale.ROOT));
    root.put("grad_clip_norm", config.gradClipNorm());
    root.put("checkpoint_interval", config.checkpointInterval());
    root.put("keep_checkpoints", config.keepCheckpoints());
    root.put("log_interval", config.logInterval());
    root.put("eval_interval", config.evalInterval());
    root.put("seed", config.seed());
    root.put("micro_batch_size", config.microBatchSize());
    root.put("recompute", config.recompute());
    root.put("device", config.device().toString());
    return root;
  }
}

package dev.clipjvm.clip.api.experiment;

import dev.clipjvm.clip.api.model.Limits;
import dev.clipjvm.clip.api.model.Problems;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Evaluation of a run: zero-shot tasks during training (every {@code eval_interval} steps of
 * the training configuration) and at the end, then the evaluation commands on the trained model.
 *
 * @param tasks the tasks, names unique
 * @param batchSize images encoded per evaluation batch
 * @param commands evaluation commands run after training, names unique
 */
public record EvaluationConfig(List<ZeroShotTask> tasks, int batchSize,
    List<EvaluationCommand> commands) {

  /** Zero-shot tasks only. */
  public EvaluationConfig(List<ZeroShotTask> tasks, int batchSize) {
    this(tasks, batchSize, List.of());
  }

  /** Validates every field and reports all problems at once. */
  public EvaluationConfig {
    tasks = List.copyOf(tasks);
    commands = List.copyOf(commands);
    Problems p = new Problems().positive("batch_size", batchSize)
        .atMost("batch_size", batchSize, Limits.MAX_BATCH);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < tasks.size(); i++) {
      p.check(names.add(tasks.get(i).name()), "tasks[" + i + "].name",
          tasks.get(i).name() + " is used twice");
    }
    Set<String> outputs = new HashSet<>();
    for (EvaluationCommand c : commands) {
      // Named by value, not index: a parsed list has already dropped its invalid entries.
      p.check(outputs.add(c.name()), "commands", "the name " + c.name() + " is used twice");
    }
    p.throwIfAny();
  }

  public EvaluationConfig withCommands(List<EvaluationCommand> v) {
    return new EvaluationConfig(tasks, batchSize, v);
  }

  /** No evaluation. */
  public static EvaluationConfig none() {
    return new EvaluationConfig(List.of(), 64, List.of());
  }
}

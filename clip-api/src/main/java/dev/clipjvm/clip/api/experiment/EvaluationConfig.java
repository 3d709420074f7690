package dev.clipjvm.clip.api.experiment;

import dev.clipjvm.clip.api.model.Limits;
import dev.clipjvm.clip.api.model.Problems;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Zero-shot evaluation of a run, during training (every {@code eval_interval} steps of the
 * training configuration) and at the end.
 *
 * @param tasks the tasks, names unique
 * @param batchSize images encoded per evaluation batch
 */
public record EvaluationConfig(List<ZeroShotTask> tasks, int batchSize) {

  /** Validates every field and reports all problems at once. */
  public EvaluationConfig {
    tasks = List.copyOf(tasks);
    Problems p = new Problems().positive("batch_size", batchSize)
        .atMost("batch_size", batchSize, Limits.MAX_BATCH);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < tasks.size(); i++) {
      p.check(names.add(tasks.get(i).name()), "tasks[" + i + "].name",
          tasks.get(i).name() + " is used twice");
    }
    p.throwIfAny();
  }

  /** No evaluation. */
  public static EvaluationConfig none() {
    return new EvaluationConfig(List.of(), 64);
  }
}

package dev.clipjvm.clip.tf.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a run produced.
 *
 * @param steps steps completed
 * @param finalLoss loss of the last step
 * @param zeroShot final top-1 accuracy by task name
 * @param evaluation every final evaluation value ({@code zero_shot/<task>/top1}, {@code top5})
 * @param pairsPerSecond training throughput of this process's steps (data wait included)
 * @param trainSeconds wall time of the training loop in this process
 * @param seconds wall time of the whole run in this process (setup and evaluation included)
 * @param checkpoint the last checkpoint
 * @param runDir the run directory
 * @param plots PNG plots written
 */
public record RunResult(long steps, double finalLoss, Map<String, Double> zeroShot,
    Map<String, Double> evaluation, double pairsPerSecond, double trainSeconds, double seconds,
    Path checkpoint, Path runDir, List<Path> plots) {}

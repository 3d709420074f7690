package dev.clipjvm.clip.tf.transfer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Few-shot sampling: K rows of every class, drawn without replacement. */
final class Shots {
  private Shots() {}

  /**
   * Indices of {@code shots} rows of each class {@code 0..classes-1}, class by class, each class's
   * rows shuffled by {@code random} (so a seed fixes the sample).
   */
  static int[] draw(int[] labels, int classes, int shots, Random random) {
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      byClass.get(labels[i]).add(i);
    }
    int[] out = new int[classes * shots];
    for (int c = 0; c < classes; c++) {
      List<Integer> rows = byClass.get(c);
      if (rows.size() < shots) {
        throw new IllegalArgumentException(shots + " shots per class need " + shots
            + " training rows of class " + c + ", it has " + rows.size());
      }
      Collections.shuffle(rows, random);
      for (int k = 0; k < shots; k++) {
        out[c * shots + k] = rows.get(k);
      }
    }
    return out;
  }
}

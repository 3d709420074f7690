package dev.clipjvm.clip.api.train;

import dev.clipjvm.clip.api.model.Problems;

/**
 * AdamW (Loshchilov and Hutter): Adam with weight decay decoupled from the gradient. The paper
 * decays every weight except gains, biases and the logit scale (section 2.5).
 *
 * @param lr peak learning rate (reached at the end of warmup)
 * @param beta1 first-moment decay, in [0, 1)
 * @param beta2 second-moment decay, in [0, 1)
 * @param eps denominator epsilon, positive
 * @param weightDecay decoupled decay coefficient, at least 0 (paper: 0.2)
 */
public record AdamWConfig(double lr, double beta1, double beta2, double eps, double weightDecay) {

  /** Validates every field and reports all problems at once. */
  public AdamWConfig {
    new Problems()
        .positive("lr", lr)
        .check(beta1 >= 0 && beta1 < 1, "beta1", beta1 + " must be in [0, 1)")
        .check(beta2 >= 0 && beta2 < 1, "beta2", beta2 + " must be in [0, 1)")
        .positive("eps", eps)
        .check(weightDecay >= 0 && Double.isFinite(weightDecay), "weight_decay",
            weightDecay + " must be finite and at least 0")
        .throwIfAny();
  }

  /** Paper table 19 for ResNet image encoders: betas 0.9/0.999, eps 1e-8, decay 0.2. */
  public static AdamWConfig paperResNet(double lr) {
    return new AdamWConfig(lr, 0.9, 0.999, 1e-8, 0.2);
  }

  /** Paper table 19 for ViT image encoders: betas 0.9/0.98, eps 1e-6, decay 0.2. */
  public static AdamWConfig paperVit(double lr) {
    return new AdamWConfig(lr, 0.9, 0.98, 1e-6, 0.2);
  }

  public AdamWConfig withLr(double v) {
    return new AdamWConfig(v, beta1, beta2, eps, weightDecay);
  }

  public AdamWConfig withBeta1(double v) {
    return new AdamWConfig(lr, v, beta2, eps, weightDecay);
  }

  public AdamWConfig withBeta2(double v) {
    return new AdamWConfig(lr, beta1, v, eps, weightDecay);
  }

  public AdamWConfig withEps(double v) {
    return new AdamWConfig(lr, beta1, beta2, v, weightDecay);
  }

  public AdamWConfig withWeightDecay(double v) {
    return new AdamWConfig(lr, beta1, beta2, eps, v);
  }
}

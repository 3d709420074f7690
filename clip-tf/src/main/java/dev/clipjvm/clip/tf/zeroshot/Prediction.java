package dev.clipjvm.clip.tf.zeroshot;

/**
 * One class's score for one image.
 *
 * @param label the class label
 * @param index the class's index in its {@link PromptSet}
 * @param score cosine similarity of the image embedding and the class embedding
 * @param probability softmax over classes of {@code logit_scale * score}
 */
public record Prediction(String label, int index, double score, double probability) {}

package dev.clipjvm.clip.api.data;

/** Evaluation preprocessing: resize the shorter side to the image size, then center crop. */
public record CenterCrop() implements Augmentation {
  @Override
  public String type() {
    return "center_crop";
  }
}

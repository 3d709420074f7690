package dev.clipjvm.clip.data.pretrained;

/** Where a released checkpoint is published; decides its file format and cache sub-directory. */
public enum Source {
  /** OpenAI's CDN: TorchScript archives ({@code .pt}) holding F16 tensors. */
  OPENAI("openai"),
  /** The Hugging Face hub: {@code model.safetensors} of a {@code CLIPModel} repository. */
  HUGGING_FACE("huggingface");

  private final String directory;

  Source(String directory) {
    this.directory = directory;
  }

  /** The sub-directory of the cache that holds this source's files. */
  public String directory() {
    return directory;
  }
}

package dev.clipjvm.clip.api.train;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where TensorFlow runs a model: {@code auto} (TensorFlow's choice: the first GPU when the GPU
 * build of the native library finds one, else the CPU), {@code cpu}, or {@code gpu:N} (GPU
 * {@code N}, an error when there is none). Written as these strings in configs
 * ({@code training.device}) and on the command line ({@code --device}).
 */
public sealed interface Device permits Device.Auto, Device.Cpu, Device.Gpu {
  /** TensorFlow's choice. */
  Device AUTO = new Auto();
  /** The CPU only, even in the GPU build. */
  Device CPU = new Cpu();

  /** TensorFlow's choice: a GPU if there is one, else the CPU. */
  record Auto() implements Device {
    @Override
    public String toString() {
      return "auto";
    }
  }

  /** The CPU only. */
  record Cpu() implements Device {
    @Override
    public String toString() {
      return "cpu";
    }
  }

  /**
   * GPU {@code index} (0-based, in the order CUDA numbers the devices).
   *
   * @param index at least 0
   */
  record Gpu(int index) implements Device {
    /** Validates the index. */
    public Gpu {
      if (index < 0) {
        throw new IllegalArgumentException("GPU index " + index + " is negative");
      }
    }

    @Override
    public String toString() {
      return "gpu:" + index;
    }
  }

  /**
   * Parses {@code cpu}, {@code gpu:N}, {@code gpu} (= {@code gpu:0}) or {@code auto}, in any case.
   *
   * @throws IllegalArgumentException naming the text and what is accepted
   */
  static Device parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    Matcher gpu = Pattern.compile("gpu(?::(\\d{1,4}))?").matcher(t);
    if (t.equals("auto")) {
      return AUTO;
    } else if (t.equals("cpu")) {
      return CPU;
    } else if (gpu.matches()) {
      return new Gpu(gpu.group(1) == null ? 0 : Integer.parseInt(gpu.group(1)));
    }
    throw new IllegalArgumentException("\"" + text + "\" is not a device: give cpu, gpu:N "
        + "(N = 0, 1, ...) or auto");
  }
}

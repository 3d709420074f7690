package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.api.train.Device;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --device}: where TensorFlow runs, for every command that runs a model. */
final class DeviceOption {

  @Option(names = "--device", paramLabel = "D",
      description = "Where the model runs: cpu, gpu:N (GPU N; an error when there is none) or "
          + "auto (a GPU when the GPU build of TensorFlow finds one, else the CPU). Training "
          + "commands default to the config's training.device, the others to auto.")
  String device;

  /** The device given, if any; a malformed one is a user mistake. */
  Optional<Device> given() {
    if (device == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Device.parse(device));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--device " + e.getMessage());
    }
  }

  /** The device given, or {@code auto}. */
  Device orAuto() {
    return given().orElse(Device.AUTO);
  }
}

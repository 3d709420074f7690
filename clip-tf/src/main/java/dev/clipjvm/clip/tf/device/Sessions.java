package dev.clipjvm.clip.tf.device;

import dev.clipjvm.clip.api.train.Device;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * Session configurations for a {@link Device}, used by every session that runs a model
 * (training, inference, the benchmarks): {@code cpu} hides the GPUs, {@code gpu:N} makes GPU N
 * the only visible one (so TensorFlow places the graph on it), {@code auto} leaves the choice to
 * TensorFlow. GPU memory grows as needed instead of TensorFlow's default of taking nearly all
 * of it at the first session, so several sessions (an encoder beside a training step, a JPEG
 * decoder) share a GPU.
 *
 * <p>TensorFlow fixes the visible GPUs of a process at its first GPU session: one process
 * should use one {@code gpu:N}.
 */
public final class Sessions {
  private Sessions() {}

  /** Devices of this process's TensorFlow, listed once (creating a session costs). */
  private static volatile List<String> devices;

  /**
   * The configuration for {@code device} with {@code threads} intra-op threads (0 = all cores).
   *
   * @throws DeviceUnavailableException when {@code device} is a GPU this process cannot use
   */
  public static ConfigProto config(Device device, int threads) {
    ConfigProto.Builder proto = ConfigProto.newBuilder();
    GPUOptions.Builder gpu = GPUOptions.newBuilder().setAllowGrowth(true);
    if (device instanceof Device.Cpu) {
      proto.putDeviceCount("GPU", 0);
    } else if (device instanceof Device.Gpu g) {
      check(g);
      gpu.setVisibleDeviceList(Integer.toString(g.index()));
    }
    if (threads > 0) {
      proto.setIntraOpParallelismThreads(threads);
    }
    return proto.setGpuOptions(gpu).build();
  }

  /** A session running {@code graph} on {@code device} ({@link #config}). */
  public static Session open(Graph graph, Device device, int threads) {
    return new Session(graph, config(device, threads));
  }

  /**
   * The devices TensorFlow sees in this process, e.g.
   * {@code /job:localhost/replica:0/task:0/device:CPU:0}.
   */
  public static List<String> devices() {
    List<String> d = devices;
    if (d == null) {
      d = listDevices();
      devices = d;
    }
    return d;
  }

  private static void check(Device.Gpu g) {
    long gpus = devices().stream().filter(n -> n.contains("/device:GPU:")).count();
    if (g.index() < gpus) {
      return;
    }
    String flavour = nativeClassifier().map(c -> " (" + c + ")").orElse("");
    String why;
    if (gpus > 0) {
      why = "there " + (gpus == 1 ? "is 1 GPU (gpu:0)" : "are " + gpus + " GPUs (gpu:0 to gpu:"
          + (gpus - 1) + ")");
    } else if (nativeClassifier().map(c -> c.endsWith("-gpu")).orElse(false)) {
      why = "the GPU build of TensorFlow's native library" + flavour + " found no usable GPU: "
          + "it needs an NVIDIA driver with CUDA 12 and cuDNN 9 libraries on the library path "
          + "(rerun with --verbose for TensorFlow's own message about which library it could "
          + "not load)";
    } else if (nativeClassifier().isEmpty()) {
      why = "TensorFlow sees no GPU: either its native library is the CPU build, or the GPU "
          + "build (linux-x86_64-gpu) found no NVIDIA driver with CUDA 12 and cuDNN 9 on the "
          + "library path; see docs/platforms.md";
    } else {
      why = "TensorFlow sees no GPU: this is the CPU build of its native library" + flavour
          + "; the GPU build (linux-x86_64-gpu, with CUDA 12 and cuDNN 9) is chosen with "
          + "-Dclip.gpu, see docs/platforms.md";
    }
    throw new DeviceUnavailableException("device " + g + ": " + why + "; use --device cpu or "
        + "auto");
  }

  /** The classifier of the TensorFlow native jar on the class path, when it can be told. */
  static Optional<String> nativeClassifier() {
    Pattern jar = Pattern.compile("tensorflow-core-native-[0-9][^-]*-(.+)\\.jar$");
    return Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
        .map(p -> jar.matcher(new File(p).getName())).filter(Matcher::find)
        .map(m -> m.group(1)).findFirst();
  }

  /** Lists the devices through the C API: a throwaway session over an empty graph. */
  private static List<String> listDevices() {
    // Loads the native library (and registers its devices) before the raw C API calls.
    org.tensorflow.TensorFlow.version();
    try (PointerScope scope = new PointerScope()) {
      TF_Status status = TF_Status.newStatus();
      TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
      // Memory growth, so that listing does not take a GPU's memory.
      BytePointer bytes = new BytePointer(ConfigProto.newBuilder()
          .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true)).build().toByteArray());
      tensorflow.TF_SetConfig(options, bytes, bytes.capacity(), status);
      status.throwExceptionIfNotOK();
      TF_Graph graph = TF_Graph.newGraph();
      TF_Session session = TF_Session.newSession(graph, options, status);
      status.throwExceptionIfNotOK();
      TF_DeviceList list = tensorflow.TF_SessionListDevices(session, status);
      status.throwExceptionIfNotOK();
      List<String> names = new ArrayList<>();
      try {
        int n = tensorflow.TF_DeviceListCount(list);
        for (int i = 0; i < n; i++) {
          names.add(tensorflow.TF_DeviceListName(list, i, status).getString());
          status.throwExceptionIfNotOK();
        }
      } finally {
        tensorflow.TF_DeleteDeviceList(list);
      }
      return List.copyOf(names);
    }
  }
}

package dev.clipjvm.clip.tf.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.api.train.Device;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/** Device selection, as far as the CPU build of TensorFlow here can show it. */
class SessionsTest {

  @Test
  void listsTheCpu() {
    assertThat(Sessions.devices()).anyMatch(d -> d.endsWith("/device:CPU:0"));
  }

  @Test
  void configuresMemoryGrowthAndHidesGpusForCpu() {
    ConfigProto cpu = Sessions.config(Device.CPU, 2);
    assertThat(cpu.getGpuOptions().getAllowGrowth()).isTrue();
    assertThat(cpu.getDeviceCountMap()).containsEntry("GPU", 0);
    assertThat(cpu.getIntraOpParallelismThreads()).isEqualTo(2);
    ConfigProto auto = Sessions.config(Device.AUTO, 0);
    assertThat(auto.getGpuOptions().getAllowGrowth()).isTrue();
    assertThat(auto.getDeviceCountMap()).isEmpty();
  }

  @Test
  void runsAGraphOnTheCpu() {
    try (Graph g = new Graph(); Session s = Sessions.open(g, Device.CPU, 1)) {
      Ops tf = Ops.create(g);
      var sum = tf.math.add(tf.constant(2f), tf.constant(3f));
      try (Result r = s.runner().fetch(sum).run()) {
        assertThat(((TFloat32) r.get(0)).getFloat()).isEqualTo(5f);
      }
    }
  }

  @Test
  void refusesAGpuTheCpuBuildDoesNotHave() {
    // This machine runs the CPU build; on a GPU machine gpu:0 would exist, gpu:4096 would not.
    boolean hasGpu = Sessions.devices().stream().anyMatch(d -> d.contains("/device:GPU:"));
    Device missing = new Device.Gpu(hasGpu ? 4096 : 0);
    assertThatThrownBy(() -> Sessions.config(missing, 0))
        .isInstanceOf(DeviceUnavailableException.class)
        .hasMessageStartingWith("device " + missing + ": ")
        .hasMessageContaining(hasGpu ? "GPU" : "CPU build")
        .hasMessageEndingWith("use --device cpu or auto");
  }
}

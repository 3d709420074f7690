package dev.clipjvm.clip.api.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.api.json.TrainingJson;
import dev.clipjvm.clip.api.json.JsonFields;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class DeviceTest {
  @Test
  void parsesCpuGpuAndAuto() {
    assertThat(Device.parse("cpu")).isEqualTo(Device.CPU);
    assertThat(Device.parse(" AUTO ")).isEqualTo(Device.AUTO);
    assertThat(Device.parse("gpu")).isEqualTo(new Device.Gpu(0));
    assertThat(Device.parse("gpu:3")).isEqualTo(new Device.Gpu(3));
    assertThat(Device.parse("gpu:3").toString()).isEqualTo("gpu:3");
  }

  @Test
  void rejectsAnythingElseNamingIt() {
    for (String bad : new String[] {"tpu", "gpu:", "gpu:-1", "gpu:x", "cuda:0", ""}) {
      assertThatThrownBy(() -> Device.parse(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"" + bad + "\"").hasMessageContaining("cpu, gpu:N");
    }
  }

  @Test
  void isReadAndWrittenAsTrainingDevice() {
    ObjectNode json = TrainingJson.write(TrainingConfig.demo().withDevice(new Device.Gpu(1)));
    assertThat(json.get("device").asText()).isEqualTo("gpu:1");
    assertThat(JsonFields.read(json, TrainingJson::read).get().device())
        .isEqualTo(new Device.Gpu(1));
    json.remove("device");
    assertThat(JsonFields.read(json, TrainingJson::read).get().device()).isEqualTo(Device.AUTO);
    json.put("device", "gpu0");
    assertThat(JsonFields.read(json, TrainingJson::read).getError().head().path())
        .isEqualTo("device");
  }
}

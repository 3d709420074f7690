package dev.clipjvm.clip.api.json;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.clipjvm.clip.api.experiment.ExperimentJson;

/**
 * Fuzzes configuration JSON: any text parses to a valid configuration or to a list of problems
 * with paths; the parse functions never throw, and what parses writes back to an equal value.
 */
class ConfigJsonFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void parsesOrListsProblems(FuzzedDataProvider data) {
    String json = data.consumeRemainingAsString();
    var model = ConfigJson.parseModel(json);
    if (model.isValid() && !ConfigJson.readModel(ConfigJson.write(model.get()))
        .equals(model.get())) {
      throw new AssertionError("model config does not round-trip: " + json);
    }
    ConfigJson.parseTraining(json);
    ExperimentJson.parse(json);
  }
}

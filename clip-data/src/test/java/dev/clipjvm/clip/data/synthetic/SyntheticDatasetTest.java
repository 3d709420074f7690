package dev.clipjvm.clip.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clipjvm.clip.api.data.SyntheticShift;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SyntheticDatasetTest {
  private final SyntheticDataset data = new SyntheticDataset(SyntheticSpec.of(7, 32));

  @Test
  void sampleIsAPureFunctionOfSeedSplitAndIndex() {
    SyntheticDataset again = new SyntheticDataset(SyntheticSpec.of(7, 32));
    SyntheticImage a = data.sample(Split.TRAIN, 12345);
    data.sample(Split.TRAIN, 3);
    SyntheticImage b = again.sample(Split.TRAIN, 12345);
    assertThat(b.pixels()).isEqualTo(a.pixels());
    assertThat(b.caption()).isEqualTo(a.caption());
    assertThat(again.caption(Split.TRAIN, 12345)).isEqualTo(a.caption());
  }

  @Test
  void differentSeedsAndIndicesGiveDifferentImages() {
    SyntheticDataset other = new SyntheticDataset(SyntheticSpec.of(8, 32));
    assertThat(other.sample(Split.TRAIN, 5).pixels()).isNotEqualTo(data.sample(Split.TRAIN, 5).pixels());
    assertThat(data.sample(Split.TRAIN, 6).pixels()).isNotEqualTo(data.sample(Split.TRAIN, 5).pixels());
  }

  @Test
  void aShiftKeepsObjectsAndCaptionsAndChangesOnlyTheDrawing() {
    for (SyntheticShift shift : SyntheticShift.values()) {
      SyntheticDataset shifted = new SyntheticDataset(SyntheticSpec.of(7, 32).withShift(shift));
      for (long i = 0; i < 20; i++) {
        SyntheticImage plain = data.sample(Split.TEST, i);
        SyntheticImage other = shifted.sample(Split.TEST, i);
        assertThat(other.caption()).isEqualTo(plain.caption());
        assertThat(other.scene().objects().get(0).combo())
            .isEqualTo(plain.scene().objects().get(0).combo());
        if (shift == SyntheticShift.NONE) {
          assertThat(other.pixels()).isEqualTo(plain.pixels());
        } else {
          assertThat(other.pixels()).as("%s, sample %d", shift, i)
              .isNotEqualTo(plain.pixels());
        }
      }
    }
  }

  @Test
  void hollowObjectsLeaveTheBackgroundInsideTheirOutline() {
    // A centred single object: its centre pixel is the object's colour unless hollow.
    SceneObject o = new SceneObject(Shape.SQUARE, Color.RED, Size.LARGE, Position.CENTER, 0.5,
        0.5, 0.4, new int[] {200, 20, 20});
    int[] centre = new int[3];
    for (Scene.Style style : Scene.Style.values()) {
      byte[] px = SceneRenderer.render(new Scene(List.of(o), new int[] {100, 100, 100}, 0, 1,
          style), 32);
      int at = (16 * 32 + 16) * 3;
      for (int c = 0; c < 3; c++) {
        centre[c] = px[at + c] & 0xFF;
      }
      assertThat(centre).as("%s", style).containsExactly(style == Scene.Style.HOLLOW
          ? new int[] {100, 100, 100} : new int[] {200, 20, 20});
    }
  }

  @Test
  void trainingNeverShowsAHeldOutCombination() {
    for (long i = 0; i < 2000; i++) {
      for (SceneObject o : data.sample(Split.TRAIN, i).scene().objects()) {
        assertThat(SyntheticSpec.DEFAULT_HELD_OUT).doesNotContain(o.combo());
      }
    }
  }

  @Test
  void heldOutSplitShowsOnlyHeldOutCombinationsAndAllOfThem() {
    Set<Combo> found = new HashSet<>();
    for (long i = 0; i < 300; i++) {
      SyntheticImage s = data.sample(Split.HELD_OUT_COMBOS, i);
      assertThat(s.scene().objects()).hasSize(1);
      found.add(s.subject().combo());
    }
    assertThat(found).containsExactlyInAnyOrderElementsOf(SyntheticSpec.DEFAULT_HELD_OUT);
  }

  @Test
  void trainingMixesOneAndTwoObjectScenesWithVariedCaptions() {
    int two = 0;
    Set<String> captions = new HashSet<>();
    for (long i = 0; i < 1000; i++) {
      SyntheticImage s = data.sample(Split.TRAIN, i);
      two += s.scene().objects().size() == 2 ? 1 : 0;
      captions.add(s.caption());
    }
    assertThat(two).isBetween(150, 250);
    assertThat(captions.size()).isGreaterThan(300);
  }

  @Test
  void captionsNameWhatIsDrawn() {
    SceneObject o = new SceneObject(Shape.CROSS, Color.ORANGE, Size.SMALL, Position.LEFT,
        0.3, 0.5, 0.15, new int[] {250, 140, 0});
    Scene one = new Scene(List.of(o), new int[] {100, 100, 100}, 0, 1);
    Set<String> seen = new HashSet<>();
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 400; i++) {
      seen.add(Captions.caption(one, r));
    }
    assertThat(seen).contains("a small orange cross on the left", "an orange cross",
        "a photo of a cross", "an orange shape", "orange cross");
    Scene pair = new Scene(List.of(o, o), new int[] {100, 100, 100}, 0, 1);
    assertThat(Captions.caption(pair, r)).contains("orange crosses");
  }

  @Test
  void rendersTheObjectColourAtItsCentreAndTheBackgroundElsewhere() {
    SceneObject o = new SceneObject(Shape.SQUARE, Color.BLUE, Size.LARGE, Position.CENTER,
        0.5, 0.5, 0.25, new int[] {30, 70, 230});
    byte[] px = SceneRenderer.render(new Scene(List.of(o), new int[] {100, 110, 120}, 0, 1), 16);
    int centre = (8 * 16 + 8) * 3;
    assertThat(new int[] {px[centre] & 255, px[centre + 1] & 255, px[centre + 2] & 255})
        .containsExactly(30, 70, 230);
    assertThat(new int[] {px[0] & 255, px[1] & 255, px[2] & 255}).containsExactly(100, 110, 120);
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> SyntheticSpec.of(1, 4)).hasMessageContaining("image_size");
    assertThatThrownBy(() -> data.sample(Split.TRAIN, -1)).hasMessageContaining("negative");
  }
}

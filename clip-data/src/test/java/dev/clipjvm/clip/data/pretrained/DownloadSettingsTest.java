package dev.clipjvm.clip.data.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DownloadSettingsTest {
  private static final Map<String, String> HOME = Map.of("user.home", "/home/u");

  private static Path cache(Map<String, String> properties, Map<String, String> env) {
    return DownloadSettings.cacheDirectory(properties::get, env::get);
  }

  @Test
  void theCacheIsUnderTheHomeCacheByDefault() {
    assertThat(cache(HOME, Map.of())).isEqualTo(Path.of("/home/u/.cache/clip-jvm"));
  }

  @Test
  void anAbsoluteXdgCacheHomeIsUsedAndARelativeOneIgnored() {
    assertThat(cache(HOME, Map.of("XDG_CACHE_HOME", "/var/cache")))
        .isEqualTo(Path.of("/var/cache/clip-jvm"));
    assertThat(cache(HOME, Map.of("XDG_CACHE_HOME", "relative")))
        .isEqualTo(Path.of("/home/u/.cache/clip-jvm"));
  }

  @Test
  void thePropertyOverridesTheVariableWhichOverridesXdg() {
    Map<String, String> env = Map.of("XDG_CACHE_HOME", "/var/cache", "CLIP_JVM_CACHE", "/env");
    assertThat(cache(HOME, env)).isEqualTo(Path.of("/env"));
    assertThat(cache(Map.of("user.home", "/home/u", "clip.cache.dir", "/prop"), env))
        .isEqualTo(Path.of("/prop"));
  }

  @Test
  void rejectsABaseUrlThatIsNotAPlainHttpLocation() {
    DownloadSettings d = DownloadSettings.defaults();
    assertThatThrownBy(() -> d.withBaseUrl(URI.create("ftp://mirror/x")))
        .hasMessageContaining("ftp://mirror/x");
    assertThatThrownBy(() -> d.withBaseUrl(URI.create("http://mirror/x?y=1")))
        .hasMessageContaining("without query");
  }
}

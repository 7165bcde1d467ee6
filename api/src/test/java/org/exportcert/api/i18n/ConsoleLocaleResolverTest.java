package org.exportcert.api.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ConsoleLocaleResolverTest {

  final ConsoleLocaleResolver resolver = new ConsoleLocaleResolver();

  Locale resolve(String acceptLanguage, String cookie) {
    MockHttpServletRequest request = new MockHttpServletRequest();
    if (acceptLanguage != null) {
      request.addHeader("Accept-Language", acceptLanguage);
    }
    if (cookie != null) {
      request.setCookies(new Cookie(ConsoleLocaleResolver.COOKIE, cookie));
    }
    return resolver.resolveLocale(request);
  }

  @Test
  void anyChineseVariantIsSimplifiedChinese() {
    assertThat(resolve("zh-CN,zh;q=0.9", null)).isEqualTo(Locale.SIMPLIFIED_CHINESE);
    assertThat(resolve("zh-TW", null)).isEqualTo(Locale.SIMPLIFIED_CHINESE);
    assertThat(resolve("zh-Hans-CN", null)).isEqualTo(Locale.SIMPLIFIED_CHINESE);
    assertThat(resolve("zh", null)).isEqualTo(Locale.SIMPLIFIED_CHINESE);
  }

  @Test
  void theFirstSpokenLanguageInPreferenceOrderWins() {
    assertThat(resolve("fr-FR, zh;q=0.8, en;q=0.5", null)).isEqualTo(Locale.SIMPLIFIED_CHINESE);
    assertThat(resolve("de, en-GB;q=0.9, zh;q=0.1", null)).isEqualTo(Locale.ENGLISH);
  }

  @Test
  void englishWhenNothingSpokenIsAskedFor() {
    assertThat(resolve(null, null)).isEqualTo(Locale.ENGLISH);
    assertThat(resolve("fr, de", null)).isEqualTo(Locale.ENGLISH);
  }

  @Test
  void theConsoleSwitchOverridesTheBrowserLanguage() {
    assertThat(resolve("en-US", "zh")).isEqualTo(Locale.SIMPLIFIED_CHINESE);
    assertThat(resolve("zh-CN", "en")).isEqualTo(Locale.ENGLISH);
    // a cookie value we do not speak is ignored, not obeyed
    assertThat(resolve("zh-CN", "klingon")).isEqualTo(Locale.SIMPLIFIED_CHINESE);
  }
}

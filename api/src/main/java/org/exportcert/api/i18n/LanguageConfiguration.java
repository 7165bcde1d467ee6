package org.exportcert.api.i18n;

import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The languages ExportCert speaks: English and Simplified Chinese. Messages come from Spring's
 * MessageSource (spring.messages.basename = i18n/messages, UTF-8); the locale from the console's
 * choice, else Accept-Language.
 */
@Configuration(proxyBeanMethods = false)
public class LanguageConfiguration implements WebMvcConfigurer {

  /** zh_CN rather than bare zh: Bean Validation ships its Chinese messages for zh_CN. */
  public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE);

  @Bean
  LocaleResolver localeResolver() {
    return new ConsoleLocaleResolver();
  }
}

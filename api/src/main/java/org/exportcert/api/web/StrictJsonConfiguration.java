package org.exportcert.api.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Request bodies are read strictly, so a client's mistake is refused with the field named instead
 * of being stored as something else: unknown fields, a value of the wrong JSON type ({@code
 * "productName": 12345}, {@code "notLodgedElsewhere": "yes"}, an enum by its index) and text with
 * NUL or other control characters, or with characters that hide what it says (HiddenCharacters). Only the MVC converter is strict: the Camunda client copies the
 * shared ObjectMapper and must keep tolerating fields a newer cluster adds.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RequestLimitsProperties.class)
class StrictJsonConfiguration implements WebMvcConfigurer {

  private final ObjectMapper objectMapper;

  StrictJsonConfiguration(ObjectMapper objectMapper) {
    this.objectMapper = objectMapper;
  }

  @Override
  public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
    ObjectMapper strict = strict(objectMapper);
    for (HttpMessageConverter<?> converter : converters) {
      if (converter instanceof MappingJackson2HttpMessageConverter json) {
        json.setObjectMapper(strict);
      }
    }
  }

  static ObjectMapper strict(ObjectMapper shared) {
    ObjectMapper strict =
        shared.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            // "{...}}" or "{...} junk" is not a JSON document; do not act on its first half
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    // no scalar turns into another: 12345 is not a text, "true" not a boolean, 1 not a boolean
    strict.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      strict.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    strict.coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    strict.registerModule(new SimpleModule("exportcert-strict-text")
        .addDeserializer(String.class, new ControlFreeText()));
    return strict;
  }

  /** Text as Jackson reads it (with the coercion rules above), refused when it has control characters. */
  static final class ControlFreeText extends StdScalarDeserializer<String> {

    ControlFreeText() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = StringDeserializer.instance.deserialize(p, ctxt);
      if (text != null && hasControlCharacter(text)) {
        throw new ControlCharacterException(p, false);
      }
      if (text != null && HiddenCharacters.present(text)) {
        throw new ControlCharacterException(p, true);
      }
      return text;
    }

    @Override
    public LogicalType logicalType() {
      return LogicalType.Textual;
    }
  }

  /** NUL and the other C0/C1 controls; tab, line feed and carriage return are text. */
  static boolean hasControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f)) {
        return true;
      }
    }
    return false;
  }
}

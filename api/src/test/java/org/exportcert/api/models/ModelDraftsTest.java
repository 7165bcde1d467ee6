package org.exportcert.api.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.exportcert.api.error.ApiProblem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

/** What the draft service refuses before anything is stored, in the caller's language. */
class ModelDraftsTest {

  final ModelDrafts drafts = new ModelDrafts(null, null, null, null, null, Optional.empty(), messages());

  static ResourceBundleMessageSource messages() {
    ResourceBundleMessageSource m = new ResourceBundleMessageSource();
    m.setBasename("i18n/messages");
    m.setDefaultEncoding("UTF-8");
    m.setFallbackToSystemLocale(false);
    return m;
  }

  @AfterEach
  void resetLocale() {
    LocaleContextHolder.resetLocaleContext();
  }

  @Test
  void namesAreTrimmedAndBounded() {
    assertThat(drafts.validName("  Shorter twin testing ")).isEqualTo("Shorter twin testing");
    assertThatThrownBy(() -> drafts.validName(" ")).isInstanceOf(ApiProblem.class).hasMessageContaining("1 to 120");
    assertThatThrownBy(() -> drafts.validName("x".repeat(121))).isInstanceOf(ApiProblem.class);
    assertThatThrownBy(() -> drafts.validName("a\u0000b")).isInstanceOf(ApiProblem.class);
  }

  @Test
  void onlyPlainModelFileNamesWithinTheLimitsAreKept() {
    drafts.validFiles(Map.of("due-dates.dmn", "<definitions/>"));
    // a program manager's path file travels with the draft (linted, run by the path tests, not deployed)
    drafts.validFiles(Map.of("eligibility.paths.json", "{}"));
    assertThatThrownBy(() -> drafts.validFiles(Map.of("x.json", "{}"))).isInstanceOf(ApiProblem.class);
    assertThatThrownBy(() -> drafts.validFiles(Map.of())).isInstanceOf(ApiProblem.class);
    assertThatThrownBy(() -> drafts.validFiles(Map.of("../x.dmn", "<d/>"))).isInstanceOf(ApiProblem.class);
    assertThatThrownBy(() -> drafts.validFiles(Map.of("x.exe", "MZ"))).isInstanceOf(ApiProblem.class);
    assertThatThrownBy(() -> drafts.validFiles(Map.of("big.bpmn", "x".repeat((int) ModelLinter.MAX_FILE_BYTES + 1))))
        .isInstanceOf(ApiProblem.class).hasMessageContaining("big.bpmn");
  }

  @Test
  void refusalsSpeakChineseToChineseCallers() {
    LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
    assertThatThrownBy(() -> drafts.validName("")).hasMessageContaining("草稿名称");
  }

  @Test
  void theVersionTagNamesTheDraftRevisionAndChange() {
    var d = new ModelDrafts.Summary(7, "Twin lab: 60 days!", "manager", ModelDrafts.Status.APPROVED, 3,
        Instant.EPOCH, Instant.EPOCH, "manager", 0, "manager2", 3, null);
    assertThat(ModelDrafts.versionTag(d)).isEqualTo("draft-7-r3-twin-lab-60-days");
  }
}

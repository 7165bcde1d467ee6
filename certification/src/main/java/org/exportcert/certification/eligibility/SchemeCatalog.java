package org.exportcert.certification.eligibility;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The scheme's code lists ({@code exportcert.scheme.*}), the one place an application's codes are
 * checked against: product categories, target markets and reference frameworks. A code outside
 * them is an input error (400), never stored. Whether a known category is <em>in scope</em> stays
 * the eligibility rules' decision (DMN), so the default list also names the two categories the
 * scheme calls out of scope, which eligibility then refuses with reasons.
 *
 * @param categories product categories an application may name
 * @param markets target markets: ISO 3166-1 alpha-2 country codes and {@code EU} by default
 * @param referenceFrameworks frameworks an application may say it documents alignment with
 */
@ConfigurationProperties(prefix = "exportcert.scheme")
public record SchemeCatalog(
    List<String> categories, List<String> markets, List<String> referenceFrameworks) {

  public static final List<String> DEFAULT_CATEGORIES =
      List.of("AI_SAAS", "INTELLIGENT_OPERATIONS_PLATFORM", "INDUSTRIAL_DIGITAL_TWIN",
          "MODEL_TRAINING_SERVICE", "EDGE_INFERENCE_TOOLKIT");

  public static final List<String> DEFAULT_REFERENCE_FRAMEWORKS =
      List.of("ISO_IEC_23053", "ISO_IEC_27001", "ITU_T_Y3174", "ISO_IEC_42001");

  /** A code of the application outside the catalog, named by its JSON path. */
  public record CodeProblem(String field, String message) {}

  public SchemeCatalog {
    categories = normalised(categories, DEFAULT_CATEGORIES);
    markets =
        normalised(markets, Stream.concat(Arrays.stream(Locale.getISOCountries()), Stream.of("EU")).toList());
    referenceFrameworks = normalised(referenceFrameworks, DEFAULT_REFERENCE_FRAMEWORKS);
  }

  /** The catalog with its defaults, for code that runs without Spring's binding. */
  public static SchemeCatalog defaults() {
    return new SchemeCatalog(null, null, null);
  }

  /** Every code of the form outside the catalog; empty when all are known. */
  public List<CodeProblem> problems(ApplicationForm form) {
    List<CodeProblem> problems = new ArrayList<>();
    if (form.category() != null && !categories.contains(code(form.category()))) {
      problems.add(new CodeProblem("category", "not a category of the scheme " + categories));
    }
    check("targetMarkets", form.targetMarkets(), Set.copyOf(markets),
        "not a market code (ISO 3166-1 alpha-2 or EU)", problems);
    check("referenceFrameworks", form.referenceFrameworks(), Set.copyOf(referenceFrameworks),
        "not a reference framework of the scheme " + referenceFrameworks, problems);
    return problems;
  }

  /** Framework codes outside the catalog, named as in an answer ({@code referenceFrameworks[i]}). */
  public List<CodeProblem> frameworkProblems(List<String> frameworks) {
    List<CodeProblem> problems = new ArrayList<>();
    check("referenceFrameworks", frameworks, Set.copyOf(referenceFrameworks),
        "not a reference framework of the scheme " + referenceFrameworks, problems);
    return problems;
  }

  private static void check(
      String field, List<String> values, Set<String> known, String message, List<CodeProblem> out) {
    if (values == null) {
      return;
    }
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (v != null && !known.contains(code(v))) {
        out.add(new CodeProblem(field + "[" + i + "]", message));
      }
    }
  }

  /** Codes are matched trimmed and in upper case, as the application stores them. */
  public static String code(String value) {
    return value.trim().toUpperCase(Locale.ROOT);
  }

  private static List<String> normalised(List<String> configured, List<String> defaults) {
    List<String> source = configured == null || configured.isEmpty() ? defaults : configured;
    return List.copyOf(new LinkedHashSet<>(source.stream().map(SchemeCatalog::code).toList()));
  }
}

package org.exportcert.bpmn;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.util.time.Interval;
import java.time.Duration;
import java.time.Period;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The facts the scheme document states, checked against the decision tables. A program manager who
 * changes one of these on purpose updates the expectation here in the same change.
 */
class DecisionTableRulesTest {

  private static Map<String, Object> vars(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> context(String decision, Map<String, Object> vars) {
    return (Map<String, Object>) DecisionTables.evaluate(decision, vars);
  }

  private static Map<String, Object> application(String category, List<String> frameworks, Boolean declarations) {
    return vars("category", category, "frameworksDocumented", frameworks, "declarationsComplete", declarations);
  }

  static final List<String> CORE = List.of("ISO_IEC_23053", "ISO_IEC_27001");

  @Test
  void servicesAreSchemeTypeSixAndDigitalTwinsTypeFive() {
    assertThat(context("eligibility-rules", application("AI_SAAS", CORE, true)))
        .containsEntry("outcome", "IN_SCOPE").containsEntry("schemeType", 6L);
    assertThat(context("eligibility-rules", application("INTELLIGENT_OPERATIONS_PLATFORM",
        List.of("ISO_IEC_23053", "ISO_IEC_27001", "ITU_T_Y3174"), true)))
        .containsEntry("outcome", "IN_SCOPE").containsEntry("schemeType", 6L);
    assertThat(context("eligibility-rules", application("INDUSTRIAL_DIGITAL_TWIN", CORE, true)))
        .containsEntry("outcome", "IN_SCOPE").containsEntry("schemeType", 5L);
  }

  @Test
  void categoriesOutsideTheSchemeAreRefusedWithAReason() {
    for (String category : List.of("MODEL_TRAINING_SERVICE", "EDGE_INFERENCE_TOOLKIT")) {
      assertThat(context("eligibility-rules", application(category, CORE, true)))
          .containsEntry("outcome", "OUT_OF_SCOPE").containsEntry("reasonCode", "CATEGORY_OUT_OF_SCOPE");
    }
  }

  @Test
  void missingDeclarationsOrFrameworksLeadToARequestForInformation() {
    assertThat(context("eligibility-rules", application("AI_SAAS", CORE, false))).containsEntry("reasonCode", "DECLARATIONS_MISSING");
    assertThat(context("eligibility-rules", application("AI_SAAS", CORE, null))).containsEntry("reasonCode", "DECLARATIONS_MISSING");
    assertThat(context("eligibility-rules", application("AI_SAAS", List.of("ISO_IEC_27001"), true)))
        .containsEntry("outcome", "INFORMATION_NEEDED").containsEntry("reasonCode", "ISO_IEC_23053_NOT_DOCUMENTED");
    assertThat(context("eligibility-rules", application("AI_SAAS", null, true)))
        .as("no framework list at all").containsEntry("outcome", "INFORMATION_NEEDED");
    assertThat(context("eligibility-rules", application("INTELLIGENT_OPERATIONS_PLATFORM", CORE, true)))
        .containsEntry("outcome", "INFORMATION_NEEDED").containsEntry("reasonCode", "ITU_T_Y3174_NOT_DOCUMENTED");
  }

  @SuppressWarnings("unchecked")
  private static List<String> suites(String scope, String category, String risk, long schemeType) {
    return (List<String>) DecisionTables.evaluate("test-plan",
        vars("testingScope", scope, "category", category, "riskLevel", risk, "schemeType", schemeType));
  }

  @Test
  void testPlanFollowsCategoryRiskAndSchemeType() {
    assertThat(suites("BASE", "AI_SAAS", "HIGH", 6))
        .contains("ITEM_IDENTIFICATION", "SECURITY_CONTROLS_ISO_IEC_27001", "MODEL_PERFORMANCE_AND_ROBUSTNESS",
            "ADVERSARIAL_ROBUSTNESS", "SERVICE_DELIVERY_AUDIT")
        .doesNotContain("MANAGEMENT_SYSTEM_AUDIT", "TWIN_FIDELITY_AND_SYNCHRONISATION");
    assertThat(suites("BASE", "INDUSTRIAL_DIGITAL_TWIN", "LOW", 5))
        .contains("TWIN_FIDELITY_AND_SYNCHRONISATION", "MANAGEMENT_SYSTEM_AUDIT")
        .doesNotContain("ADVERSARIAL_ROBUSTNESS", "SERVICE_DELIVERY_AUDIT");
    assertThat(suites("CHANGE", "AI_SAAS", "LOW", 6)).containsExactly("ITEM_IDENTIFICATION", "REGRESSION_DELTA");
    // a partner's extra tests come with its request; the table adds only the item identification
    assertThat(suites("MARKET", "AI_SAAS", "HIGH", 6)).containsExactly("ITEM_IDENTIFICATION");
  }

  @Test
  void marketsWithoutAnArrangementHaveNoPartnerBody() {
    Map<String, Object> unknown = context("partner-requirements", vars("marketCode", "ZZ", "category", "AI_SAAS"));
    assertThat(unknown.get("partnerBodyId")).isNull();
    assertThat(unknown).containsEntry("arrangement", "NONE");
    Map<String, Object> eu = context("partner-requirements", vars("marketCode", "EU", "category", "AI_SAAS"));
    assertThat(eu.get("partnerBodyId")).isNotNull();
    assertThat((List<?>) eu.get("extraDocuments")).isNotEmpty();
  }

  private static long days(String iso) {
    return iso.contains("T") ? Duration.parse(iso).toDays() : Period.parse(iso).toTotalMonths() * 30 + Period.parse(iso).getDays();
  }

  @Test
  void everyDeadlineAndPartnerDurationIsATimerTheEngineAccepts() {
    // Interval.parse is what Zeebe uses for timer durations (it accepts P6M, P1Y as well as P30D).
    for (String category : List.of("AI_SAAS", "INDUSTRIAL_DIGITAL_TWIN")) {
      context("due-dates", vars("category", category)).forEach((step, value) ->
          assertThat(Interval.parse((String) value).toEpochMilli(0)).as(step + " = " + value).isPositive());
    }
    for (String market : List.of("EU", "SG", "AE", "MY", "ZZ")) {
      Map<String, Object> r = context("partner-requirements", vars("marketCode", market, "category", "AI_SAAS"));
      assertThat(Interval.parse((String) r.get("reminderAfter")).toEpochMilli(0))
          .as(market + " reminder before deadline")
          .isLessThan(Interval.parse((String) r.get("responseDeadline")).toEpochMilli(0));
    }
  }

  @Test
  void deadlinesMatchTheScheme() {
    for (String category : List.of("AI_SAAS", "INTELLIGENT_OPERATIONS_PLATFORM", "INDUSTRIAL_DIGITAL_TWIN", "ANYTHING_ELSE")) {
      Map<String, Object> d = context("due-dates", vars("category", category));
      d.forEach((step, value) -> assertThat(days((String) value)).as(category + " " + step + " = " + value).isPositive());
      assertThat(d).containsEntry("majorNonconformityClosure", "P6M");
      assertThat(days((String) d.get("surveillanceInterval"))).as("surveillance at least yearly").isLessThanOrEqualTo(365);
      assertThat(d).containsEntry("renewalWindow", "P90D");
      assertThat(days((String) d.get("suspensionLimit"))).as("suspension capped").isLessThanOrEqualTo(183);
      Period validity = Period.parse((String) d.get("certificateValidity"));
      assertThat(validity.getYears()).as("validity 3-5 years").isBetween(3, 5);
    }
  }
}

package org.exportcert.certification.casefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.exportcert.certification.DomainTest;
import org.exportcert.certification.TestCases;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.eligibility.ApplicationService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;

class ImpartialityTest extends DomainTest {

  @Autowired ApplicationService applications;
  @Autowired StaffAssignmentService staff;
  @Autowired CaseService cases;
  @Autowired AuditTrail audit;
  @Autowired org.springframework.transaction.PlatformTransactionManager transactions;

  StaffAssignmentService.Declaration none = new StaffAssignmentService.Declaration("No interest", false);

  @Test
  void whoEvaluatedOrTestedNeverReviewsOrDecidesAndTheOtherWayRound() {
    String caseId = TestCases.open(applications).getId();
    staff.assign(caseId, "eve", StaffRole.EVALUATOR, null, none, "lead");
    staff.assign(caseId, "ted", StaffRole.TEST_ENGINEER, "Lab", none, "lead");
    staff.assign(caseId, "rex", StaffRole.REVIEWER, null, none, "lead");
    for (StaffRole judging : List.of(StaffRole.REVIEWER, StaffRole.DECISION_MAKER)) {
      assertThatThrownBy(() -> staff.assign(caseId, "eve", judging, null, none, "lead"))
          .isInstanceOf(ImpartialityViolationException.class);
      assertThatThrownBy(() -> staff.assign(caseId, "ted", judging, null, none, "lead"))
          .isInstanceOf(ImpartialityViolationException.class);
    }
    assertThatThrownBy(() -> staff.assign(caseId, "rex", StaffRole.TEST_ENGINEER, null, none, "lead"))
        .isInstanceOf(ImpartialityViolationException.class);
    // the same person twice in the same role is one assignment
    var again = staff.assign(caseId, "rex", StaffRole.REVIEWER, null, none, "lead");
    assertThat(staff.forCase(caseId)).hasSize(3).extracting(StaffAssignment::getId).contains(again.getId());
  }

  @Test
  void aDeclaredConflictRefusesTheAssignmentAndEveryAssignmentKeepsItsDeclaration() {
    String caseId = TestCases.open(applications).getId();
    assertThatThrownBy(() -> staff.assign(caseId, "cora", StaffRole.REVIEWER, null,
            new StaffAssignmentService.Declaration("Former employee of the applicant", true), "lead"))
        .isInstanceOf(ImpartialityViolationException.class)
        .hasMessageContaining("Former employee");
    var a = staff.assign(caseId, "dina", StaffRole.DECISION_MAKER, null, none, "lead");
    assertThat(a.getCoiDeclaration()).isEqualTo("No interest");
    assertThatThrownBy(() -> new StaffAssignmentService.Declaration(" ", false)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void allocationSkipsConflictedAndExcludedPeopleAndSaysWhenNoOneIsLeft() {
    var form = TestCases.form();
    var c = applications.submit(form, "applicant");
    String reg = form.registrationNumber();
    var tx = new org.springframework.transaction.support.TransactionTemplate(transactions);
    var pools = new StaffProperties(Map.of(
        "DECISION_COMMITTEE", List.of(
            new StaffProperties.Member("conflicted", "CB", null, List.of(reg)),
            new StaffProperties.Member("tester", "CB", null, List.of()))));
    // built by hand with other pools, so the test supplies the transaction the bean would have
    var manual = new StaffAllocationService(pools, staff, cases);
    java.util.function.Function<String, String> allocation = role -> tx.execute(s -> manual.allocate(c.getId(), role, "worker"));
    staff.assign(c.getId(), "tester", StaffRole.TEST_ENGINEER, "Lab", none, "lead");
    assertThatThrownBy(() -> allocation.apply("DECISION_COMMITTEE"))
        .isInstanceOf(BusinessRuleException.class)
        .extracting(e -> ((BusinessRuleException) e).code())
        .isEqualTo("NO_IMPARTIAL_STAFF");
    var open = new StaffAllocationService(new StaffProperties(null), staff, cases);
    String ref = tx.execute(s -> open.allocate(c.getId(), "DECISION_COMMITTEE", "worker"));
    String again = tx.execute(s -> open.allocate(c.getId(), "DECISION_COMMITTEE", "worker"));
    assertThat(again).isEqualTo(ref);
    assertThat(staff.forCase(c.getId(), StaffRole.DECISION_MAKER)).singleElement()
        .satisfies(s -> assertThat(s.getCoiDeclaration()).contains(reg));
    // a code with the applicant's name and number, not an English sentence: each reader gets their words
    assertThat(org.exportcert.certification.audit.Reason.parse(staff.forCase(c.getId(), StaffRole.DECISION_MAKER)
        .get(0).getCoiDeclaration())).hasValueSatisfying(r -> {
          assertThat(r.code()).isEqualTo("audit.reason.standing-declaration");
          assertThat(r.args()).containsExactly(form.legalName(), reg);
        });
  }

  @Test
  void labsHaveANameInEachLanguageConfigurableLikeTheEnglishOne() {
    var local = new StaffProperties(null);
    assertThat(local.organisationOf("lab-beta", "zh")).hasValueSatisfying(n -> assertThat(n).contains("贝塔检测实验室", "L-0002"));
    assertThat(local.organisationOf("lab-beta", "en")).hasValue("Beta Test Lab (ISO/IEC 17025, accreditation L-0002)");
    assertThat(local.organisationOf("nobody", "zh")).isEmpty();
    // from the environment: EXPORTCERT_STAFF_POOLS_TEST_LAB_0_ORGANISATION_ZH and friends
    var source = new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(Map.of(
        "exportcert.staff.pools.TEST_LAB[0].person", "lab-x",
        "exportcert.staff.pools.TEST_LAB[0].organisation", "X Lab",
        "exportcert.staff.pools.TEST_LAB[0].organisation-zh", "某检测实验室",
        "exportcert.staff.pools.TEST_LAB[1].person", "lab-y",
        "exportcert.staff.pools.TEST_LAB[1].organisation", "Y Lab"));
    var bound = new org.springframework.boot.context.properties.bind.Binder(source)
        .bind("exportcert.staff", StaffProperties.class).get();
    assertThat(bound.organisationOf("lab-x", "zh")).hasValue("某检测实验室");
    assertThat(bound.organisationOf("lab-x", "en")).hasValue("X Lab");
    assertThat(bound.organisationOf("lab-y", "zh")).as("no Chinese name: the English one").hasValue("Y Lab");
  }
}

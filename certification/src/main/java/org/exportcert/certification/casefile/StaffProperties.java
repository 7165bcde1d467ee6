package org.exportcert.certification.casefile;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code exportcert.staff.pools.<ROLE>}: who may be allocated to a role (EVALUATOR, TEST_LAB,
 * REVIEWER, DECISION_COMMITTEE, APPEALS_HANDLER), each with a standing conflict-of-interest
 * declaration and the registration numbers of applicants they declared an interest in.
 */
@ConfigurationProperties(prefix = "exportcert.staff")
public record StaffProperties(Map<String, List<Member>> pools) {

  public record Member(String person, String organisation, String declaration, List<String> conflicts) {
    public Member {
      conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
    }
  }

  public StaffProperties {
    pools = pools == null || pools.isEmpty() ? LOCAL_DEFAULT : Map.copyOf(pools);
  }

  /** Local runs and demos: two people per role, so impartiality always leaves someone. */
  static final Map<String, List<Member>> LOCAL_DEFAULT =
      Map.of(
          "EVALUATOR",
          List.of(member("eva.evaluator"), member("erik.evaluator")),
          "TEST_LAB",
          List.of(
              new Member("lab-alpha", "Alpha Test Lab (ISO/IEC 17025, accreditation L-0001)", null, List.of()),
              new Member("lab-beta", "Beta Test Lab (ISO/IEC 17025, accreditation L-0002)", null, List.of())),
          "REVIEWER",
          List.of(member("rita.reviewer"), member("rob.reviewer")),
          "DECISION_COMMITTEE",
          List.of(member("dora.decider"), member("dan.decider")),
          "APPEALS_HANDLER",
          List.of(member("alma.appeals"), member("arno.appeals")));

  private static Member member(String person) {
    return new Member(person, "ExportCert certification body", null, List.of());
  }
}

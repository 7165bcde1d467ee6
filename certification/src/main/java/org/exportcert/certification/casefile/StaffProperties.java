package org.exportcert.certification.casefile;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * {@code exportcert.staff.pools.<ROLE>}: who may be allocated to a role (EVALUATOR, TEST_LAB,
 * REVIEWER, DECISION_COMMITTEE, APPEALS_HANDLER), each with a standing conflict-of-interest
 * declaration and the registration numbers of applicants they declared an interest in.
 */
@ConfigurationProperties(prefix = "exportcert.staff")
public record StaffProperties(Map<String, List<Member>> pools) {

  /**
   * @param organisation the name people read in English (and in any language without its own)
   * @param organisationZh the same name in Chinese ({@code organisation-zh}); null: the English one
   */
  public record Member(String person, String organisation, String organisationZh, String declaration,
      List<String> conflicts) {
    @ConstructorBinding
    public Member {
      conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
    }

    public Member(String person, String organisation, String declaration, List<String> conflicts) {
      this(person, organisation, null, declaration, conflicts);
    }

    /** The organisation's name in {@code language} (zh or en). */
    public String organisation(String language) {
      return "zh".equals(language) && organisationZh != null && !organisationZh.isBlank() ? organisationZh : organisation;
    }
  }

  /** The name of pool member {@code person}'s organisation in {@code language}; empty if not in a pool. */
  public java.util.Optional<String> organisationOf(String person, String language) {
    return pools.values().stream().flatMap(List::stream)
        .filter(m -> m.person().equals(person) && m.organisation() != null)
        .findFirst().map(m -> m.organisation(language));
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
              new Member("lab-alpha", "Alpha Test Lab (ISO/IEC 17025, accreditation L-0001)",
                  "阿尔法检测实验室（ISO/IEC 17025，认可编号 L-0001）", null, List.of()),
              new Member("lab-beta", "Beta Test Lab (ISO/IEC 17025, accreditation L-0002)",
                  "贝塔检测实验室（ISO/IEC 17025，认可编号 L-0002）", null, List.of())),
          "REVIEWER",
          List.of(member("rita.reviewer"), member("rob.reviewer")),
          "DECISION_COMMITTEE",
          List.of(member("dora.decider"), member("dan.decider")),
          "APPEALS_HANDLER",
          List.of(member("alma.appeals"), member("arno.appeals")));

  private static Member member(String person) {
    return new Member(person, "ExportCert certification body", "ExportCert 认证机构", null, List.of());
  }
}

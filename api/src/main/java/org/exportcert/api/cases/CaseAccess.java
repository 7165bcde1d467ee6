package org.exportcert.api.cases;

import java.util.Locale;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.security.CurrentUser;
import org.exportcert.certification.casefile.CaseIds;
import org.springframework.stereotype.Component;

/**
 * Ownership: an applicant acts only on cases of their own organisation. Someone else's case
 * answers 404 exactly like a missing one, so case ids cannot be probed.
 */
@Component
public class CaseAccess {

  private final CaseQueries queries;

  public CaseAccess(CaseQueries queries) {
    this.queries = queries;
  }

  public void requireOwnCase(String caseId, CurrentUser user) {
    if (!CaseIds.isValid(caseId)) {
      throw ApiProblem.notFound("No case " + caseId);
    }
    String owner = queries.organisationOf(caseId).orElse(null);
    if (owner == null || !sameOrganisation(owner, user.organisation())) {
      throw ApiProblem.notFound("No case " + caseId + " of your organisation");
    }
  }

  public static boolean sameOrganisation(String a, String b) {
    return a != null && b != null
        && a.trim().toLowerCase(Locale.ROOT).equals(b.trim().toLowerCase(Locale.ROOT));
  }

  public static void requireCaseId(String caseId) {
    if (!CaseIds.isValid(caseId)) {
      throw ApiProblem.notFound("No case " + caseId);
    }
  }
}

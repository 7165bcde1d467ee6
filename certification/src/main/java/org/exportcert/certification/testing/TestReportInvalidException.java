package org.exportcert.certification.testing;

import java.util.List;
import org.exportcert.certification.casefile.BusinessRuleException;

/** The lab's report does not follow the documented format; the lab resubmits it. */
public class TestReportInvalidException extends BusinessRuleException {

  public static final String CODE = "TEST_REPORT_INVALID";

  private final List<String> problems;

  public TestReportInvalidException(List<String> problems) {
    super(CODE, "Test report invalid: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}

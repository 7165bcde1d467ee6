package org.exportcert.certification.testing;

import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code exportcert.testing.*}: how long a nonconformity may stay open when the lab gives no due
 * date (a major one: 6 months, then testing repeats).
 */
@ConfigurationProperties(prefix = "exportcert.testing")
public record TestingProperties(Period majorDue, Period minorDue) {
  public TestingProperties {
    majorDue = majorDue == null ? Period.ofMonths(6) : majorDue;
    minorDue = minorDue == null ? Period.ofMonths(3) : minorDue;
  }
}

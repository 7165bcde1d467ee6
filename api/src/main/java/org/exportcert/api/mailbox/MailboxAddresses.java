package org.exportcert.api.mailbox;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.exportcert.api.security.CurrentUser;
import org.exportcert.api.security.Role;
import org.exportcert.certification.casefile.StaffProperties;
import org.exportcert.certification.notification.NotificationProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which addresses are a user's on the local stack: {@code <username>@<staff domain>}; for an
 * applicant also the contact addresses given in their organisation's applications; for staff
 * also the addresses of the staff pool of their role (test requests go to the lab allocated from
 * the TEST_LAB pool).
 */
@Component
public class MailboxAddresses {

  private final EntityManager em;
  private final NotificationProperties notifications;
  private final StaffProperties staff;

  MailboxAddresses(EntityManager em, NotificationProperties notifications, StaffProperties staff) {
    this.em = em;
    this.notifications = notifications;
    this.staff = staff;
  }

  @Transactional(readOnly = true)
  public List<String> of(CurrentUser user) {
    Set<String> out = new TreeSet<>();
    out.add(notifications.staffAddress(user.username()));
    if (user.has(Role.APPLICANT) && user.organisation() != null) {
      out.addAll(em.createQuery(
              "select a.contactEmail from Applicant a where lower(a.legalName) = :org"
                  + " and a.contactEmail is not null", String.class)
          .setParameter("org", user.organisation().trim().toLowerCase(Locale.ROOT))
          .getResultList());
    }
    for (Role role : user.roles()) {
      staff.pools().getOrDefault(pool(role), List.of())
          .forEach(member -> out.add(notifications.staffAddress(member.person())));
    }
    return out.stream().map(a -> a.toLowerCase(Locale.ROOT)).distinct().toList();
  }

  /** The staff pool of a role: named alike, but appeals handlers. */
  private static String pool(Role role) {
    return role == Role.APPEALS ? "APPEALS_HANDLER" : role.name();
  }
}

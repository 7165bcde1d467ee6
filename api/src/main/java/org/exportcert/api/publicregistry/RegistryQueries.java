package org.exportcert.api.publicregistry;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.exportcert.certification.registry.Certificate;
import org.exportcert.certification.registry.CertificateService;
import org.exportcert.certification.registry.RegistryEntry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What the public may read: registry lines and certificate status, nothing else of a case. */
@Service
public class RegistryQueries {

  @PersistenceContext private EntityManager em;

  public record Search(
      String service, String provider, String category, RegistryEntry.Status status, String market) {}

  public record Line(
      String provider, String serviceName, String category, String certificateNumber, String status,
      LocalDate validFrom, LocalDate validUntil, List<String> marketsRecognised) {}

  public record Result(List<Line> items, long total, int page, int size) {}

  public record CertificateStatus(
      String number, int revision, String displayNumber, String holder, String scope,
      String standards, LocalDate grantedOn, LocalDate expiresOn, String conditions, String status,
      boolean valid, List<String> marketsRecognised, String localizedScope) {}

  @Transactional(readOnly = true)
  public Result search(Search s, int page, int size) {
    StringBuilder where = new StringBuilder(" from registry_entry r where 1=1");
    Map<String, Object> params = new LinkedHashMap<>();
    like(where, params, "service", "r.service_name", s.service());
    like(where, params, "provider", "r.provider", s.provider());
    if (s.category() != null) {
      where.append(" and r.category = :category");
      params.put("category", s.category().toUpperCase(Locale.ROOT));
    }
    if (s.status() != null) {
      where.append(" and r.status = :status");
      params.put("status", s.status().name());
    }
    if (s.market() != null) {
      where.append(" and (',' || r.markets_recognised || ',') like :market");
      params.put("market", "%," + escape(s.market().toUpperCase(Locale.ROOT)) + ",%");
    }
    Query count = em.createNativeQuery("select count(*)" + where);
    Query rows = em.createNativeQuery(
        "select r.provider, r.service_name, r.category, r.certificate_number, r.status,"
            + " r.valid_from, r.valid_until, r.markets_recognised" + where
            + " order by r.provider, r.service_name, r.id");
    params.forEach((k, v) -> {
      count.setParameter(k, v);
      rows.setParameter(k, v);
    });
    long total = ((Number) count.getSingleResult()).longValue();
    rows.setFirstResult(page * size).setMaxResults(size);
    List<Line> items = ((List<?>) rows.getResultList()).stream()
        .map(o -> (Object[]) o)
        .map(r -> new Line((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
            date(r[5]), date(r[6]), markets((String) r[7])))
        .toList();
    return new Result(items, total, page, size);
  }

  @Transactional(readOnly = true)
  public java.util.Optional<CertificateStatus> certificate(String number, LocalDate today, Locale reader) {
    List<Certificate> revisions = em.createQuery(
            "select c from Certificate c where c.number = :n order by c.revision desc", Certificate.class)
        .setParameter("n", number)
        .setMaxResults(1)
        .getResultList();
    if (revisions.isEmpty()) {
      return java.util.Optional.empty();
    }
    Certificate c = revisions.get(0);
    List<String> markets = em.createQuery(
            "select r from RegistryEntry r where r.caseId = :caseId", RegistryEntry.class)
        .setParameter("caseId", c.getCaseId())
        .getResultStream()
        .findFirst()
        .map(RegistryEntry::getMarketsRecognised)
        .orElse(List.of());
    boolean valid = c.getStatus() == Certificate.Status.ACTIVE && !c.getExpiresOn().isBefore(today);
    return java.util.Optional.of(new CertificateStatus(c.getNumber(), c.getRevision(),
        c.getDisplayNumber(), c.getHolder(), c.getScope(), c.getStandards(), c.getGrantedOn(),
        c.getExpiresOn(), c.getConditions(), c.getStatus().name(), valid, markets,
        CertificateService.scopeFor(c.getScope(), reader)));
  }

  private static void like(StringBuilder where, Map<String, Object> params, String name,
      String column, String value) {
    if (value != null && !value.isBlank()) {
      where.append(" and lower(").append(column).append(") like :").append(name);
      params.put(name, "%" + escape(value.trim().toLowerCase(Locale.ROOT)) + "%");
    }
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static LocalDate date(Object o) {
    if (o instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    return (LocalDate) o;
  }

  private static List<String> markets(String column) {
    return column == null || column.isBlank() ? List.of()
        : Arrays.stream(column.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
  }
}

package org.exportcert.api.cases;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.exportcert.certification.casefile.CertificationCase;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read-only case queries the API needs and the domain's repositories do not offer (by
 * organisation, filtered search). Kept here so the domain stays untouched by screen needs.
 */
@Service
public class CaseQueries {

  @PersistenceContext private EntityManager em;

  /** The organisation (applicant legal name) that owns the case, if the case exists. */
  @Transactional(readOnly = true)
  public Optional<String> organisationOf(String caseId) {
    return em.createQuery(
            "select c.applicant.legalName from CertificationCase c where c.id = :id", String.class)
        .setParameter("id", caseId)
        .getResultStream()
        .findFirst();
  }

  /** Legal name registered for a registration number, if any applicant holds it. */
  @Transactional(readOnly = true)
  public Optional<String> legalNameOfRegistration(String registrationNumber) {
    return em.createQuery(
            "select a.legalName from Applicant a where a.registrationNumber = :r", String.class)
        .setParameter("r", registrationNumber)
        .getResultStream()
        .findFirst();
  }

  @Transactional(readOnly = true)
  public Optional<CaseSummary> summary(String caseId) {
    return em.createQuery(
            "select distinct c from CertificationCase c join fetch c.applicant join fetch c.product"
                + " left join fetch c.productVersions where c.id = :id",
            CertificationCase.class)
        .setParameter("id", caseId)
        .getResultStream()
        .findFirst()
        .map(CaseSummary::of);
  }

  /** Summaries by id, in the order given; unknown ids are skipped. */
  @Transactional(readOnly = true)
  public Map<String, CaseSummary> summaries(Collection<String> caseIds) {
    Map<String, CaseSummary> result = new LinkedHashMap<>();
    if (caseIds.isEmpty()) {
      return result;
    }
    Map<String, CaseSummary> found = new LinkedHashMap<>();
    em.createQuery(
            "select distinct c from CertificationCase c join fetch c.applicant join fetch c.product"
                + " left join fetch c.productVersions where c.id in :ids",
            CertificationCase.class)
        .setParameter("ids", caseIds)
        .getResultList()
        .forEach(c -> found.put(c.getId(), CaseSummary.of(c)));
    caseIds.forEach(id -> {
      if (found.containsKey(id)) {
        result.put(id, found.get(id));
      }
    });
    return result;
  }

  /** Operator search; {@code onlyIds} (when not null) narrows to cases the engine pointed at. */
  public record Filter(
      String phase,
      String status,
      String category,
      String market,
      String text,
      Collection<String> onlyIds) {}

  public record Page<T>(List<T> items, long total, int page, int size) {}

  @Transactional(readOnly = true)
  public Page<CaseSummary> search(Filter filter, int page, int size) {
    StringBuilder where = new StringBuilder(" from certification_case c"
        + " join applicant a on a.id = c.applicant_id join product p on p.id = c.product_id where 1=1");
    Map<String, Object> params = new LinkedHashMap<>();
    if (filter.phase() != null) {
      where.append(" and c.phase = :phase");
      params.put("phase", filter.phase());
    }
    if (filter.status() != null) {
      where.append(" and c.status = :status");
      params.put("status", filter.status());
    }
    if (filter.category() != null) {
      where.append(" and c.category = :category");
      params.put("category", filter.category());
    }
    if (filter.market() != null) {
      where.append(" and (',' || c.target_markets || ',') like :market");
      params.put("market", "%," + escapeLike(filter.market()) + ",%");
    }
    if (filter.text() != null) {
      where.append(" and (lower(c.id) like :text or lower(a.legal_name) like :text"
          + " or lower(p.name) like :text)");
      params.put("text", "%" + escapeLike(filter.text().toLowerCase(Locale.ROOT)) + "%");
    }
    if (filter.onlyIds() != null) {
      if (filter.onlyIds().isEmpty()) {
        return new Page<>(List.of(), 0, page, size);
      }
      where.append(" and c.id in (:ids)");
      params.put("ids", filter.onlyIds());
    }
    return page(where, params, page, size);
  }

  /**
   * One page of an organisation's cases, newest first; {@code text} (may be null) narrows to cases
   * whose number or product name contains it, {@code status} (may be null) to one status.
   */
  @Transactional(readOnly = true)
  public Page<CaseSummary> ofOrganisation(String organisation, String text, String status, int page, int size) {
    StringBuilder where = new StringBuilder(" from certification_case c"
        + " join applicant a on a.id = c.applicant_id join product p on p.id = c.product_id"
        + " where lower(a.legal_name) = :org");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("org", organisation.trim().toLowerCase(Locale.ROOT));
    if (text != null) {
      where.append(" and (lower(c.id) like :text or lower(p.name) like :text)");
      params.put("text", "%" + escapeLike(text.toLowerCase(Locale.ROOT)) + "%");
    }
    if (status != null) {
      where.append(" and c.status = :status");
      params.put("status", status);
    }
    return page(where, params, page, size);
  }

  /** The count and one page of case ids for a where clause, read back as summaries in that order. */
  private Page<CaseSummary> page(CharSequence where, Map<String, Object> params, int page, int size) {
    Query count = em.createNativeQuery("select count(*)" + where);
    Query ids = em.createNativeQuery("select c.id" + where + " order by c.created_at desc, c.id");
    params.forEach((k, v) -> {
      count.setParameter(k, v);
      ids.setParameter(k, v);
    });
    long total = ((Number) count.getSingleResult()).longValue();
    ids.setFirstResult(page * size).setMaxResults(size);
    List<String> pageIds = new ArrayList<>();
    for (Object id : ids.getResultList()) {
      pageIds.add((String) id);
    }
    return new Page<>(List.copyOf(summaries(pageIds).values()), total, page, size);
  }

  static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}

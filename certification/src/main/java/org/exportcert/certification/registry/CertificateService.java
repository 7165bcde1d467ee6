package org.exportcert.certification.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.audit.Reason;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.CaseStatus;
import org.exportcert.certification.casefile.CertificationCase;
import org.exportcert.certification.casefile.ProductVersion;
import org.exportcert.certification.decision.Decision;
import org.exportcert.certification.decision.DecisionService;
import org.exportcert.certification.decision.DecisionType;
import org.exportcert.certification.evidence.Evidence;
import org.exportcert.certification.evidence.EvidenceStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issues certificates. A case keeps one number for life (ECC-2026-000045); each granting decision
 * adds a revision. Both are allocated once per decision, so a retried step finds its certificate.
 */
@Service
public class CertificateService {

  private final CertificateRepository certificates;
  private final DecisionService decisions;
  private final CaseService cases;
  private final CertificatePdfRenderer renderer;
  private final EvidenceStore evidence;
  private final CertificateProperties properties;
  private final AuditTrail audit;
  private final RegistryService registry;
  private final TransactionTemplate tx;

  public CertificateService(
      CertificateRepository certificates,
      DecisionService decisions,
      CaseService cases,
      CertificatePdfRenderer renderer,
      EvidenceStore evidence,
      CertificateProperties properties,
      AuditTrail audit,
      RegistryService registry,
      PlatformTransactionManager transactions) {
    this.certificates = certificates;
    this.decisions = decisions;
    this.cases = cases;
    this.renderer = renderer;
    this.evidence = evidence;
    this.properties = properties;
    this.audit = audit;
    this.registry = registry;
    this.tx = new TransactionTemplate(transactions);
  }

  public record Issued(String certificateNumber, Instant expiry, String pdfEvidenceId) {}

  /**
   * @param validity ISO 8601 period (P3Y); null for the configured default
   */
  public Issued issue(String caseId, String decisionRef, String validity, String actor) {
    Certificate cert = tx.execute(s -> allocate(caseId, decisionRef, validity, actor));
    if (cert.getPdfEvidenceId() == null) {
      Evidence pdf = renderAndStore(cert, actor);
      long id = cert.getId();
      cert =
          tx.execute(
              s -> {
                Certificate c = certificates.findById(id).orElseThrow();
                c.attachPdf(pdf.getId());
                return c;
              });
    }
    return new Issued(
        cert.getDisplayNumber(), cert.getExpiresOn().atStartOfDay(ZoneOffset.UTC).toInstant(), cert.getPdfEvidenceId());
  }

  private Certificate allocate(String caseId, String decisionRef, String validity, String actor) {
    Decision d = decisions.get(decisionRef);
    if (!d.getCaseId().equals(caseId)) {
      throw new IllegalArgumentException(decisionRef + " is not a decision on " + caseId);
    }
    if (!d.getType().issuesCertificate()) {
      throw new IllegalArgumentException(decisionRef + " (" + d.getType() + ") grants no certificate");
    }
    var existing = certificates.findByDecisionId(d.getId());
    if (existing.isPresent()) {
      return existing.get();
    }
    CertificationCase c = cases.lock(caseId);
    var previous = certificates.findFirstByCaseIdOrderByRevisionDesc(caseId);
    LocalDate decidedOn = d.getDecidedAt().atZone(ZoneOffset.UTC).toLocalDate();
    String number =
        previous.map(Certificate::getNumber)
            .orElseGet(() -> String.format("ECC-%d-%06d", decidedOn.getYear(), certificates.nextCertificateNumber()));
    int revision = previous.map(p -> p.getRevision() + 1).orElse(1);
    previous.ifPresent(
        p -> {
          if (p.getStatus() == Certificate.Status.ACTIVE || p.getStatus() == Certificate.Status.SUSPENDED) {
            p.setStatus(Certificate.Status.SUPERSEDED);
          }
        });
    LocalDate granted = decidedOn;
    LocalDate expires = granted.plus(parseValidity(validity));
    String conditions = d.getConditions();
    if (d.getType() == DecisionType.CHANGE_ACCEPTED) {
      // a change re-issues the certificate for the changed scope within the same certification:
      // its grant date (which anchors surveillance), validity and conditions stay
      Certificate changed =
          previous.orElseThrow(() -> new IllegalArgumentException(caseId + " has no certificate to change"));
      granted = changed.getGrantedOn();
      expires = changed.getExpiresOn();
      conditions = conditions == null || conditions.isBlank() ? changed.getConditions() : conditions;
    }
    String scope = scope(c);
    Certificate saved =
        certificates.saveAndFlush(
            new Certificate(
                caseId, d.getId(), number, revision, c.getApplicantLegalName(), scope,
                String.join("; ", properties.standards()), granted, expires, conditions));
    audit.record(actor, "certificate.issued", CaseService.AUDIT_SUBJECT, caseId, saved.getDisplayNumber());
    if (previous.isPresent()) {
      // a revision in maintenance: the public entry and the case status follow it in this transaction
      registry.showRevision(saved, actor);
      if (d.getType() == DecisionType.CHANGE_ACCEPTED) {
        cases.transition(caseId, CaseStatus.CHANGE_ACCEPTED, actor, Reason.of("audit.reason.reissued-as", saved.getDisplayNumber()));
      } else if (d.getType() == DecisionType.RENEW) {
        cases.transition(caseId, CaseStatus.CERTIFIED, actor, Reason.of("audit.reason.renewed-as", saved.getDisplayNumber()));
      }
    }
    return saved;
  }

  private Period parseValidity(String validity) {
    if (validity == null || validity.isBlank()) {
      return properties.defaultValidity();
    }
    try {
      return Period.parse(validity.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Certificate validity must be an ISO 8601 period such as P3Y: " + validity);
    }
  }

  private Evidence renderAndStore(Certificate cert, String actor) {
    var view =
        tx.execute(
            s -> {
              CertificationCase c = cases.get(cert.getCaseId());
              return new CertificatePdfRenderer.View(
                  cert,
                  c.getProductName(),
                  c.getProductVersions().stream().map(ProductVersion::getVersionLabel).sorted().toList(),
                  c.getCategory(),
                  c.getApplicant().getRegistrationNumber());
            });
    try {
      return evidence.storeRendered(
          new EvidenceStore.Upload(
              cert.getCaseId(), "CERTIFICATE", cert.getNumber() + "-R" + cert.getRevision() + ".pdf", actor, cert.getExpiresOn()),
          out -> renderer.render(view, out));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not render certificate " + cert.getDisplayNumber(), e);
    }
  }

  /**
   * What the certificate covers, as printed and shown by the public verification: the service and
   * its versions, its category and the ISO/IEC 17067 scheme type in both languages, never codes.
   */
  static String scope(CertificationCase c) {
    String category = c.getCategory();
    String[] words = CertificatePdfRenderer.CATEGORIES.getOrDefault(category, new String[] {category, category});
    String type = c.getSchemeType() == null ? "" : c.getSchemeType().name().replace("TYPE_", "");
    return c.getProductName() + " "
        + String.join(", ", c.getProductVersions().stream().map(ProductVersion::getVersionLabel).sorted().toList())
        + " · " + words[0] + " / " + words[1]
        + " · 第 " + type + " 类认证方案 / ISO/IEC 17067 scheme type " + type;
  }

  /**
   * The certificate's scope as a reader in {@code locale} reads it: the certificate states category
   * and scheme type as "中文 / English" (scope above); for anyone but a Chinese reader each of those
   * pairs reads English first. The service's own name stays as the holder wrote it; a scope in
   * another shape (issued before this format) stays as issued.
   */
  public static String scopeFor(String scope, Locale locale) {
    if (scope == null || locale == null || "zh".equals(locale.getLanguage())) {
      return scope;
    }
    String[] parts = scope.split(" · ", -1);
    if (parts.length < 3) {
      return scope;
    }
    // category and scheme type are the last two parts, both written by scope(CertificationCase)
    for (int i = parts.length - 2; i < parts.length; i++) {
      int pair = parts[i].indexOf(" / ");
      if (pair < 0) {
        return scope;
      }
      parts[i] = parts[i].substring(pair + 3) + " / " + parts[i].substring(0, pair);
    }
    return String.join(" · ", parts);
  }

  public List<Certificate> forCase(String caseId) {
    return certificates.findByCaseIdOrderByRevisionAsc(caseId);
  }
}

package org.exportcert.api.process;

import java.util.Set;

/**
 * Message names of the models' catalog (bpmn {@code catalog/messages.json}); {@code CatalogTest}
 * keeps these in step with it.
 */
public final class Messages {

  private Messages() {}

  public static final String APPLICATION_WITHDRAWN = "ApplicationWithdrawn";
  public static final String APPEAL_LODGED = "AppealLodged";
  public static final String APPLICATION_INFORMATION_PROVIDED = "ApplicationInformationProvided";
  public static final String AGREEMENT_SIGNED = "AgreementSigned";
  public static final String DOCUMENTS_RESUBMITTED = "DocumentsResubmitted";
  public static final String CORRECTIVE_ACTION_SUBMITTED = "CorrectiveActionSubmitted";
  public static final String PARTNER_RESPONSE = "PartnerResponse";
  public static final String SURVEILLANCE_DATA_SUBMITTED = "SurveillanceDataSubmitted";
  public static final String CHANGE_NOTIFIED = "ChangeNotified";
  public static final String RENEWAL_REQUESTED = "RenewalRequested";
  public static final String SUSPENSION_CAUSE_RESOLVED = "SuspensionCauseResolved";
  public static final String TERMINATION_REQUESTED = "TerminationRequested";

  /** What an applicant may send as the answer to a request (withdraw and appeal have their own calls). */
  public static final Set<String> APPLICANT_ANSWERS =
      Set.of(
          APPLICATION_INFORMATION_PROVIDED,
          AGREEMENT_SIGNED,
          DOCUMENTS_RESUBMITTED,
          CORRECTIVE_ACTION_SUBMITTED,
          SURVEILLANCE_DATA_SUBMITTED,
          CHANGE_NOTIFIED,
          RENEWAL_REQUESTED,
          SUSPENSION_CAUSE_RESOLVED);

  public static final String CASE_PROCESS_ID = "certification-case";
}

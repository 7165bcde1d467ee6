package org.exportcert.bpmn.paths;

import static io.camunda.process.test.api.CamundaAssert.assertThat;
import static io.camunda.process.test.api.CamundaAssert.assertThatUserTask;
import static org.exportcert.bpmn.paths.JobStubs.complete;
import static org.exportcert.bpmn.paths.JobStubs.error;

import io.camunda.process.test.api.CamundaProcessTestExtension;
import io.camunda.process.test.api.assertions.UserTaskSelectors;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Phase 6: certificate issued, listing approved and published, unless registry checks fail. */
class RegistryListingPathTest extends PathTest {

  @RegisterExtension static CamundaProcessTestExtension extension = PathTestEngine.extension();

  @BeforeEach
  void deployModel() {
    deploy(
        "models/registry-listing.bpmn",
        "forms/approve-listing.form",
        "forms/resolve-registry-hold.form");
    jobs.on(
            "exportcert.registry.issue-certificate",
            complete(Map.of("certificateNumber", "EC-CERT-2026-0001-R0",
                "certificateExpiry", "2029-11-27")))
        .on("exportcert.notification.notify-applicant", complete(Map.of("notificationId", "N-1")))
        .on("exportcert.case.record-status", complete(Map.of()));
    // ExportCert completes the tasks; these paths are about the routes, not the stamp
    jobs.on("exportcert.case.check-completion", complete(Map.of()));
  }

  private Map<String, Object> granted(String caseId) {
    Map<String, Object> vars = caseVariables(caseId);
    vars.put("decisionRecordId", "D-1");
    return vars;
  }

  @Test
  void aGrantedCaseGetsItsCertificateAndIsListed() {
    jobs.on("exportcert.registry.publish-entry", complete(Map.of("registryEntryId", "R-1")));
    var instance = start("registry-listing", granted("EC-2026-000010"));

    assertThatUserTask(UserTaskSelectors.byElementId("Task_ApproveListing"))
        .isCreated()
        .hasCandidateGroup("registry-admins");
    context.completeUserTask("Task_ApproveListing", Map.of("listingApproved", true));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElementsInOrder(
            "Task_IssueCertificate", "Task_ApproveListing", "Task_PublishEntry",
            "Task_NotifyCertificateIssued", "Task_RecordCertified", "EndEvent_Listed")
        .hasVariable("certificateNumber", "EC-CERT-2026-0001-R0")
        .hasVariable("registryEntryId", "R-1");
  }

  @Test
  void aFailedRegistryCheckHoldsTheListingUntilAnAdminResolvesIt() {
    jobs.on(
        "exportcert.registry.publish-entry",
        error("REGISTRY_CHECK_FAILED"),
        complete(Map.of("registryEntryId", "R-2")));
    var instance = start("registry-listing", granted("EC-2026-000011"));

    context.completeUserTask("Task_ApproveListing", Map.of("listingApproved", true));
    assertThatUserTask(UserTaskSelectors.byElementId("Task_ResolveRegistryHold"))
        .isCreated()
        .hasCandidateGroup("registry-admins");
    assertThat(instance).isActive().hasNotActivatedElements("Task_NotifyCertificateIssued");
    context.completeUserTask("Task_ResolveRegistryHold", Map.of("holdResolved", true));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Boundary_RegistryCheckFailed", "Task_ResolveRegistryHold")
        .hasCompletedElement("Task_PublishEntry", 1)
        .hasVariable("registryEntryId", "R-2");
  }
}

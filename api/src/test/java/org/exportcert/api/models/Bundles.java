package org.exportcert.api.models;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType;
import java.nio.charset.StandardCharsets;

/** Small model bundles for the lint and deployment tests. */
final class Bundles {

  private Bundles() {}

  /** The models' Chinese names (org.exportcert.bpmn.lint.ChineseNames). */
  static final String ZH = "name.zh";
  static final String CHECK_COMPLETION = "exportcert.case.check-completion";

  static byte[] process(String candidateGroup, String formId, String jobType) {
    var builder = Bpmn.createExecutableProcess("tiny-review").name("Tiny review").zeebeProperty(ZH, "小型评审")
        .startEvent("StartEvent_Received").name("Received").zeebeProperty(ZH, "已收到")
        .userTask("Task_Review").name("Review").zeebeProperty(ZH, "评审").zeebeUserTask().zeebeFormId(formId)
        .zeebeFormBindingType(ZeebeBindingType.deployment)
        .zeebeCandidateGroups(candidateGroup);
    // a case role's task, so the step after it checks that ExportCert completed it
    var done = builder.serviceTask("Task_Record").name("Record").zeebeProperty(ZH, "记录")
        .zeebeJobType(jobType == null ? CHECK_COMPLETION : jobType)
        .zeebeTaskHeader("stampedUserTask", "Task_Review").zeebeOutputExpression("null", "completionStamp");
    return Bpmn.convertToString(done.endEvent("EndEvent_Done").name("Done").zeebeProperty(ZH, "完成").done())
        .getBytes(StandardCharsets.UTF_8);
  }

  static byte[] form(String id) {
    return ("{\"executionPlatform\":\"Camunda Cloud\",\"schemaVersion\":16,\"id\":\"" + id
        + "\",\"type\":\"default\",\"components\":[{\"type\":\"checkbox\",\"key\":\"ok\",\"id\":\"Field_Ok\"}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static final byte[] XXE = ("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      + "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">&x;</definitions>")
      .getBytes(StandardCharsets.UTF_8);
}

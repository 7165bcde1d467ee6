package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.ProblemException;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Models as generators and hand-written files give them: flows linked only by sourceRef/targetRef
 * run as in Zeebe, and a model with a dangling reference or broken XML is a 400 that says which
 * element is wrong (INVALID_ARGUMENT over gRPC), never a 500.
 */
class ModelReferencesTest extends EngineTestBase {

  private static final String HEADER = """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
      """;

  /** No <incoming>/<outgoing> children anywhere: only the flows' sourceRef/targetRef say where a token goes. */
  private static final String REFS_ONLY = HEADER + """
        <bpmn:process id="refsOnly" isExecutable="true">
          <bpmn:startEvent id="start"/>
          <bpmn:serviceTask id="work">
            <bpmn:extensionElements><zeebe:taskDefinition type="refs-work"/></bpmn:extensionElements>
          </bpmn:serviceTask>
          <bpmn:exclusiveGateway id="gw" default="toSmall"/>
          <bpmn:endEvent id="bigEnd"/>
          <bpmn:endEvent id="smallEnd"/>
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
          <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="gw"/>
          <bpmn:sequenceFlow id="toBig" sourceRef="gw" targetRef="bigEnd">
            <bpmn:conditionExpression>= amount &gt; 100</bpmn:conditionExpression>
          </bpmn:sequenceFlow>
          <bpmn:sequenceFlow id="toSmall" sourceRef="gw" targetRef="smallEnd"/>
        </bpmn:process>
      </bpmn:definitions>
      """;

  private long deployXml(CamundaClient client, String xml, String name) {
    return client.newDeployResourceCommand().addResourceBytes(xml.getBytes(StandardCharsets.UTF_8), name).send().join()
        .getKey();
  }

  @Test
  void flowsGivenOnlyBySourceAndTargetRefAreFollowed() {
    deployXml(client(), REFS_ONLY, "refs-only.bpmn");
    long big = start("refsOnly", Map.of("amount", 500));
    long small = start("refsOnly", Map.of("amount", 5));
    assertThat(activeElements(big)).containsExactly("work");
    client().newCompleteCommand(activateOne("refs-work")).send().join();
    client().newCompleteCommand(activateOne("refs-work")).send().join();
    awaitState(big, "COMPLETED");
    awaitState(small, "COMPLETED");
    assertThat(completedElements(big)).contains("start", "work", "gw", "bigEnd").doesNotContain("smallEnd");
    assertThat(completedElements(small)).contains("smallEnd").doesNotContain("bigEnd");
  }

  @Test
  void danglingReferencesAreRejectedNamingTheElement() {
    Map<String, String> broken = new java.util.LinkedHashMap<>();
    broken.put("work", REFS_ONLY.replace("</bpmn:extensionElements>",
        "</bpmn:extensionElements><bpmn:outgoing>noSuchFlow</bpmn:outgoing>"));
    broken.put("f2", REFS_ONLY.replace("sourceRef=\"work\" targetRef=\"gw\"", "sourceRef=\"ghost\" targetRef=\"gw\""));
    broken.put("f1", REFS_ONLY.replace("sourceRef=\"start\" targetRef=\"work\"", "sourceRef=\"start\" targetRef=\"nowhere\""));
    broken.put("gw", REFS_ONLY.replace("default=\"toSmall\"", "default=\"noFlow\""));
    broken.put("start", REFS_ONLY.replace("<bpmn:startEvent id=\"start\"/>",
        "<bpmn:startEvent id=\"start\"><bpmn:outgoing>gone</bpmn:outgoing></bpmn:startEvent>"));
    broken.put("timeout", REFS_ONLY.replace("<bpmn:endEvent id=\"bigEnd\"/>",
        "<bpmn:endEvent id=\"bigEnd\"/><bpmn:boundaryEvent id=\"timeout\" attachedToRef=\"missingTask\">"
            + "<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>"));
    broken.put("msgCatch", REFS_ONLY.replace("<bpmn:endEvent id=\"bigEnd\"/>",
        "<bpmn:endEvent id=\"bigEnd\"/><bpmn:intermediateCatchEvent id=\"msgCatch\">"
            + "<bpmn:messageEventDefinition messageRef=\"noMessage\"/></bpmn:intermediateCatchEvent>"));
    for (Map.Entry<String, String> variant : broken.entrySet()) {
      assertThatThrownBy(() -> deployXml(client(), variant.getValue(), "broken.bpmn"))
          .as("dangling reference on %s", variant.getKey())
          .isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.code()).isEqualTo(400);
            assertThat(e.details().getDetail()).contains("Element: " + variant.getKey());
          });
    }
    try (CamundaClient grpc = GrpcGatewayTest.grpcClient(env.engine())) {
      assertThatThrownBy(() -> deployXml(grpc, broken.get("work"), "broken.bpmn"))
          .isInstanceOfSatisfying(ClientStatusException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("noSuchFlow");
          });
    }
  }

  /**
   * Zeebe reads a task's or catch event's {@code <incoming>} children nowhere (flows are linked by
   * sourceRef/targetRef), so a stale one, as a modeler leaves it after deleting a flow, deploys in
   * Zeebe 8.8 and must here too; only the children Zeebe's validators resolve (a node's outgoing, a
   * boundary event's incoming, ...) make a rejection (previous test).
   */
  @Test
  void aStaleIncomingChildThatNothingReadsIsIgnoredAsInZeebe() {
    String stale = REFS_ONLY.replace("</bpmn:extensionElements>",
        "</bpmn:extensionElements><bpmn:incoming>deletedFlow</bpmn:incoming><bpmn:incoming>f1</bpmn:incoming>");
    deployXml(client(), stale, "stale-incoming.bpmn");
    long instance = start("refsOnly", Map.of("amount", 1));
    assertThat(activeElements(instance)).containsExactly("work");
    client().newCompleteCommand(activateOne("refs-work")).send().join();
    awaitState(instance, "COMPLETED");
    assertThat(completedElements(instance)).contains("smallEnd");
  }

  /**
   * A flow element written in the process while both its ends sit in a subprocess (what some modelers
   * save after moving elements into a subprocess) connects them there, as Zeebe links flows by
   * sourceRef/targetRef alone; a flow whose ends lie in different scopes is still refused, naming it.
   */
  @Test
  void aFlowWrittenOutsideTheScopeOfItsEndsConnectsThemInTheirScope() {
    String misplaced = HEADER + """
          <bpmn:process id="misplacedFlow" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="subStart"/>
              <bpmn:exclusiveGateway id="join"/>
              <bpmn:serviceTask id="inner">
                <bpmn:extensionElements><zeebe:taskDefinition type="misplaced-inner"/></bpmn:extensionElements>
              </bpmn:serviceTask>
              <bpmn:endEvent id="subEnd"/>
              <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="join"/>
              <bpmn:sequenceFlow id="s3" sourceRef="inner" targetRef="subEnd"/>
            </bpmn:subProcess>
            <bpmn:endEvent id="end"/>
            <bpmn:sequenceFlow id="p1" sourceRef="start" targetRef="sub"/>
            <bpmn:sequenceFlow id="joinToInner" sourceRef="join" targetRef="inner"/>
            <bpmn:sequenceFlow id="p2" sourceRef="sub" targetRef="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """;
    deployXml(client(), misplaced, "misplaced-flow.bpmn");
    long instance = start("misplacedFlow", Map.of());
    assertThat(activeElements(instance)).contains("sub", "inner");
    client().newCompleteCommand(activateOne("misplaced-inner")).send().join();
    awaitState(instance, "COMPLETED");
    assertThat(completedElements(instance)).contains("join", "inner", "subEnd", "end");

    String crossing = misplaced.replace("sourceRef=\"join\" targetRef=\"inner\"", "sourceRef=\"join\" targetRef=\"end\"");
    assertThatThrownBy(() -> deployXml(client(), crossing, "crossing-flow.bpmn"))
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.details().getDetail()).contains("Element: joinToInner", "not in the same scope");
        });
  }

  /**
   * What Zeebe 8.8 checks at deployment beyond its design-time validators is refused here too, with
   * Zeebe's messages: a static value where only an expression is taken (a flow's condition, an output
   * mapping's source, a correlation key, a multi-instance input collection, a FEEL script), mapping
   * targets that are no variable path, reserved or duplicate task header keys, a static candidate list
   * that is not comma-separated values, a static due date that is no date-time, a static priority
   * outside 0..100, a static list of an ad-hoc subprocess's active elements.
   */
  @Test
  void whatZeebeRefusesAtDeploymentIsRefusedWithZeebesMessage() {
    String staticValue = "Expected expression but found static value";
    String userTask = "<bpmn:userTask id=\"approve\"><bpmn:extensionElements><zeebe:userTask/>%s</bpmn:extensionElements></bpmn:userTask>";
    List<String[]> cases = List.of(
        new String[] {"toBig", staticValue, REFS_ONLY.replace("= amount &gt; 100", "amount &gt; 100")},
        new String[] {"work", staticValue, work("<zeebe:ioMapping><zeebe:output source=\"result\" target=\"copy\"/></zeebe:ioMapping>")},
        new String[] {"calc", staticValue, extra("<bpmn:scriptTask id=\"calc\"><bpmn:extensionElements>"
            + "<zeebe:script expression=\"1 + 2\" resultVariable=\"r\"/></bpmn:extensionElements></bpmn:scriptTask>")},
        new String[] {"order", staticValue, REFS_ONLY.replace("</bpmn:process>", "</bpmn:process><bpmn:message id=\"order\" name=\"order\">"
            + "<bpmn:extensionElements><zeebe:subscription correlationKey=\"orderId\"/></bpmn:extensionElements></bpmn:message>")},
        new String[] {"each", staticValue, extra("<bpmn:serviceTask id=\"each\"><bpmn:extensionElements><zeebe:taskDefinition type=\"each\"/>"
            + "</bpmn:extensionElements><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>"
            + "<zeebe:loopCharacteristics inputCollection=\"items\"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>")},
        new String[] {"work", "Expected path expression 'a-b' but doesn't match the pattern",
            work("<zeebe:ioMapping><zeebe:input source=\"=1\" target=\"a-b\"/></zeebe:ioMapping>")},
        new String[] {"work", "Expected path expression 'null' but is one of the reserved words",
            work("<zeebe:ioMapping><zeebe:output source=\"=1\" target=\"null\"/></zeebe:ioMapping>")},
        new String[] {"work", "Attribute 'key' contains 'io.camunda.zeebe:mine', but header keys starting with 'io.camunda.zeebe:' are reserved",
            work("<zeebe:taskHeaders><zeebe:header key=\"io.camunda.zeebe:mine\" value=\"1\"/></zeebe:taskHeaders>")},
        new String[] {"work", "Headers contain duplicate entries for key 'channel'", work("<zeebe:taskHeaders>"
            + "<zeebe:header key=\"channel\" value=\"mail\"/><zeebe:header key=\"channel\" value=\"sms\"/></zeebe:taskHeaders>")},
        new String[] {"approve", "Expected static value to be a list of comma-separated values, e.g. 'a,b,c', but found 'a,,b'",
            extra(userTask.formatted("<zeebe:assignmentDefinition candidateGroups=\"a,,b\"/>"))},
        new String[] {"approve", "Expected static value to be a valid DateTime String",
            extra(userTask.formatted("<zeebe:taskSchedule dueDate=\"tomorrow\"/>"))},
        new String[] {"approve", "Expected static value to be a valid Number between 0 and 100, but found '150'",
            extra(userTask.formatted("<zeebe:priorityDefinition priority=\"150\"/>"))},
        new String[] {"tools", staticValue, extra("<bpmn:adHocSubProcess id=\"tools\"><bpmn:extensionElements>"
            + "<zeebe:adHoc activeElementsCollection=\"toolList\"/></bpmn:extensionElements><bpmn:task id=\"tool\"/></bpmn:adHocSubProcess>")});
    for (String[] variant : cases) {
      assertThatThrownBy(() -> deployXml(client(), variant[2], "rules.bpmn"))
          .as("%s on %s", variant[1], variant[0])
          .isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.code()).isEqualTo(400);
            assertThat(e.details().getDetail()).contains("Element: " + variant[0] + ": " + variant[1]);
          });
    }
    // the same with an expression, a path, distinct keys, a CSV list and a date-time deploy
    deployXml(client(), REFS_ONLY.replace("= amount &gt; 100", "=amount &gt; 100"), "expression.bpmn");
    deployXml(client(), work("<zeebe:ioMapping><zeebe:output source=\"=result\" target=\"copy.value\"/></zeebe:ioMapping>"
        + "<zeebe:taskHeaders><zeebe:header key=\"channel\" value=\"mail\"/></zeebe:taskHeaders>"), "paths.bpmn");
    deployXml(client(), extra(userTask.formatted("<zeebe:assignmentDefinition candidateGroups=\"a, b\"/>"
        + "<zeebe:taskSchedule dueDate=\"2027-03-02T15:35+02:00\"/><zeebe:priorityDefinition priority=\"80\"/>")), "user-task.bpmn");
  }

  private static String work(String extensions) {
    return REFS_ONLY.replace("<zeebe:taskDefinition type=\"refs-work\"/>", "<zeebe:taskDefinition type=\"refs-work\"/>" + extensions);
  }

  private static String extra(String element) {
    return REFS_ONLY.replace("<bpmn:endEvent id=\"bigEnd\"/>", "<bpmn:endEvent id=\"bigEnd\"/>" + element);
  }

  /** Seeded mutations of a valid model: each is deployed or rejected with a 400 and a reason, nothing else. */
  /**
   * 20,000 nested sub-processes held the processor thread for many minutes in the model API's
   * per-scope walks (every client timed out meanwhile); resources nested past the engine's limit
   * are refused from one streaming pass, BPMN and DMN alike, and the engine answers the next deployment.
   */
  @Test
  void resourcesNestedThousandsOfLevelsDeepAreRefusedAndTheEngineKeepsAnswering() {
    int depth = 20_000;
    String bpmn = HEADER + "<bpmn:process id=\"deep\" isExecutable=\"true\"><bpmn:startEvent id=\"s\"/>"
        + "<bpmn:subProcess>".repeat(depth) + "</bpmn:subProcess>".repeat(depth) + "</bpmn:process></bpmn:definitions>";
    String dmn = "<definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\" id=\"d\" name=\"d\" namespace=\"x\">"
        + "<decision id=\"deep\" name=\"deep\"><literalExpression><text>1</text></literalExpression>"
        + "<extensionElements>" + "<x>".repeat(depth) + "</x>".repeat(depth) + "</extensionElements></decision></definitions>";
    for (String[] resource : new String[][] {{"deep.bpmn", bpmn}, {"deep.dmn", dmn}}) {
      assertThatThrownBy(() -> deployXml(client(), resource[1], resource[0]))
          .isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.code()).isEqualTo(400);
            assertThat(e.details().getDetail()).contains(resource[0]).contains("nests more than 100 elements deep");
          });
    }
    assertThat(deployXml(client(), REFS_ONLY, "refs.bpmn")).isPositive();
  }

  @Test
  void brokenXmlVariantsAreRejectedWithAReason() {
    Random random = new Random(15);
    List<String> variants = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      variants.add(REFS_ONLY.substring(0, 1 + random.nextInt(REFS_ONLY.length() - 1))); // truncated
    }
    String[] removable = {"sourceRef=\"work\" ", "targetRef=\"gw\"", " id=\"start\"", "<bpmn:process id=\"refsOnly\" isExecutable=\"true\">",
        "</bpmn:process>", "type=\"refs-work\"", " default=\"toSmall\"", "= amount &gt; 100", "xmlns:zeebe=\"http://camunda.org/schema/zeebe/1.0\""};
    for (String part : removable) {
      variants.add(REFS_ONLY.replace(part, ""));
    }
    for (int i = 0; i < 30; i++) { // a random id reference swapped for an unknown one
      String[] ids = {"\"start\"", "\"work\"", "\"gw\"", "\"bigEnd\"", "\"smallEnd\"", "\"toSmall\"", "\"f1\""};
      String id = ids[random.nextInt(ids.length)];
      int at = REFS_ONLY.indexOf(id, random.nextInt(REFS_ONLY.length() / 2));
      if (at > 0) {
        variants.add(REFS_ONLY.substring(0, at) + "\"x" + random.nextInt(1000) + "\"" + REFS_ONLY.substring(at + id.length()));
      }
    }
    variants.add("");
    variants.add("not xml at all");
    variants.add(HEADER + "</bpmn:definitions>");
    variants.add(REFS_ONLY.replace("<bpmn:sequenceFlow id=\"f2\"", "<bpmn:sequenceFlow id=\"f1\""));
    int rejected = 0;
    for (String variant : variants) {
      try {
        deployXml(client(), variant, "fuzz.bpmn");
      } catch (ProblemException e) {
        assertThat(e.code()).as("variant:%n%s%n%s", variant, e.details()).isEqualTo(400);
        assertThat(e.details().getDetail()).as("a rejection says why").isNotBlank();
        rejected++;
      } catch (RuntimeException e) {
        fail("variant answered with " + e + ":\n" + variant);
      }
    }
    assertThat(rejected).as("most mutations break the model").isGreaterThan(variants.size() / 2);
    try (CamundaClient grpc = GrpcGatewayTest.grpcClient(env.engine())) {
      for (int i = 0; i < variants.size(); i += 4) {
        String variant = variants.get(i);
        try {
          deployXml(grpc, variant, "fuzz.bpmn");
        } catch (ClientStatusException e) {
          assertThat(e.getStatusCode()).as("variant over gRPC:%n%s", variant).isEqualTo(Status.Code.INVALID_ARGUMENT);
        }
      }
    }
  }
}

package org.exportcert.api.console;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.error.ApiProblem;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Read-only endpoints the web console needs beside the role APIs (diagrams and variables). */
@RestController
@RequestMapping("/api/console")
@Tag(name = "Console")
class ConsoleController {

  // looked up per call, so web slices that never call the console need not provide it
  private final ObjectProvider<ConsoleProcesses> console;
  private final ObjectProvider<CaseQueries> cases;
  private final ObjectProvider<ElementNames> names;

  ConsoleController(ObjectProvider<ConsoleProcesses> console, ObjectProvider<CaseQueries> cases,
      ObjectProvider<ElementNames> names) {
    this.console = console;
    this.cases = cases;
    this.names = names;
  }

  @GetMapping("/element-names")
  @PreAuthorize("isAuthenticated()")
  @Operation(summary = "Names of the deployed models' elements by process id and element id: Chinese (name.zh) by default, the models' own names with language=en")
  Map<String, Map<String, String>> elementNames(
      @org.springframework.web.bind.annotation.RequestParam(defaultValue = "zh") String language) {
    return "en".equals(language) ? names.getObject().english() : names.getObject().chinese();
  }

  @GetMapping(path = "/process-definitions/{key}/xml", produces = MediaType.TEXT_XML_VALUE)
  @PreAuthorize("hasAnyRole('OPERATOR','PROGRAM_MANAGER')")
  @Operation(summary = "BPMN XML of a deployed process definition, for the diagram")
  String xml(@PathVariable long key) {
    return console.getObject().definitionXml(key);
  }

  @GetMapping("/process-instances/{key}/sequence-flows")
  @PreAuthorize("hasRole('OPERATOR')")
  @Operation(summary = "Sequence flows a process instance has taken (its completed path)")
  List<String> sequenceFlows(@PathVariable long key) {
    return console.getObject().takenSequenceFlows(key);
  }

  @GetMapping("/cases/{caseId}/variables")
  @PreAuthorize("hasRole('OPERATOR')")
  @Operation(summary = "Process variables of every process instance of a case")
  List<ConsoleProcesses.Variable> variables(@PathVariable String caseId) {
    if (cases.getObject().organisationOf(caseId).isEmpty()) {
      throw ApiProblem.notFound("No case " + caseId);
    }
    return console.getObject().variablesOfCase(caseId);
  }

  @GetMapping("/pipeline")
  @PreAuthorize("hasRole('OPERATOR')")
  @Operation(summary = "Running cases per element of the newest main-model version")
  ConsoleProcesses.Pipeline pipeline() {
    return console.getObject().pipeline()
        .orElseThrow(() -> ApiProblem.notFound("The main model certification-case is not deployed."));
  }
}

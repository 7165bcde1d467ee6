package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.exportcert.engine.command.EngineCommand;
import org.exportcert.engine.command.EngineCommand;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.dmn.Decisions;
import org.exportcert.engine.dmn.DmnEngineAdapter;
import org.exportcert.engine.model.DeploymentException;
import org.exportcert.engine.model.ProcessModel;
import org.exportcert.engine.state.DeployedForm;
import org.exportcert.engine.state.DeployedProcess;

/**
 * The "deploy" command: parses every resource (BPMN, DMN, form) first and deploys none if one is
 * invalid; an unchanged resource (same checksum) keeps its version.
 */
final class DeploymentCommands {

  private final BpmnRuntime rt;

  DeploymentCommands(BpmnRuntime rt) {
    this.rt = rt;
  }

  JsonNode deploy(EngineCommand.Deploy command) {
    String tenantId = tenant(command.tenantId());
    List<String> errors = new ArrayList<>();
    record ParsedResource(String name, String content, String checksum, List<ProcessModel> processes, String formId, DmnEngineAdapter.ParsedDrg drg, LinkedResources.Rpa rpa) {}
    Map<String, DmnEngineAdapter.ParsedDrg> drgs = new LinkedHashMap<>();
    List<ParsedResource> parsed = new ArrayList<>();
    List<EngineCommand.Resource> resources = command.resources() == null ? List.of() : command.resources();
    if (resources.isEmpty()) {
      throw EngineException.invalidArgument("Expected to deploy at least one resource, but none given");
    }
    for (EngineCommand.Resource resource : resources) {
      String name = resource.name();
      byte[] bytes = resource.content();
      String content = new String(bytes, StandardCharsets.UTF_8);
      String checksum = sha256(bytes);
      String lower = name.toLowerCase();
      if (lower.endsWith(".bpmn") || lower.endsWith(".xml")) {
        try {
          parsed.add(new ParsedResource(name, content, checksum, rt.parser.parse(name, bytes), null, null, null));
        } catch (DeploymentException e) {
          errors.add("'" + name + "':\n" + String.join("\n", e.errors()));
        }
      } else if (lower.endsWith(".form")) {
        try {
          JsonNode form = Json.MAPPER.readTree(content);
          String formId = form.path("id").asText(null);
          if (formId == null || formId.isBlank()) {
            errors.add("'" + name + "': a form must have an 'id'");
          } else {
            parsed.add(new ParsedResource(name, content, checksum, List.of(), formId, null, null));
          }
        } catch (Exception e) {
          errors.add("'" + name + "': not a valid form (JSON): " + e.getMessage());
        }
      } else if (lower.endsWith(".dmn")) {
        try {
          DmnEngineAdapter.ParsedDrg drg = rt.decisions.parse(name, bytes);
          drgs.put(name, drg);
          parsed.add(new ParsedResource(name, content, checksum, List.of(), null, drg, null));
        } catch (DeploymentException e) {
          errors.add("'" + name + "':\n" + String.join("\n", e.errors()));
        }
      } else if (LinkedResources.isRpa(lower)) {
        LinkedResources.Rpa rpa = LinkedResources.parseRpa(name, content, errors);
        if (rpa != null) {
          parsed.add(new ParsedResource(name, content, checksum, List.of(), null, null, rpa));
        }
      } else {
        errors.add("'" + name + "': unknown resource type, expected .bpmn, .xml, .dmn, .form or .rpa");
      }
    }
    errors.addAll(Decisions.checkUnique(drgs));
    if (!errors.isEmpty()) {
      throw EngineException.invalidArgument(
          "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n"
              + String.join("\n", errors));
    }
    long deploymentKey = rt.state().newKey();
    ObjectNode response = Json.object();
    response.put("deploymentKey", String.valueOf(deploymentKey));
    response.put("tenantId", tenantId);
    ArrayNode deployments = response.putArray("deployments");
    for (ParsedResource resource : parsed) {
      if (resource.drg() != null) {
        rt.decisions.deploy(rt.state(), resource.drg(), resource.name(), resource.content(), resource.checksum(), tenantId, deploymentKey, deployments);
        continue;
      }
      if (resource.rpa() != null) {
        LinkedResources.deploy(rt.state(), resource.rpa(), resource.name(), resource.content(), resource.checksum(), tenantId, deploymentKey, deployments);
        continue;
      }
      if (resource.formId() != null) {
        DeployedForm form = rt.state().latestForm(resource.formId());
        if (form == null || !form.checksum.equals(resource.checksum())) {
          DeployedForm fresh = new DeployedForm();
          fresh.key = rt.state().newKey();
          fresh.formId = resource.formId();
          fresh.version = rt.state().nextVersion("form", fresh.formId, form == null ? 0 : form.version);
          fresh.resourceName = resource.name();
          fresh.schema = resource.content();
          fresh.checksum = resource.checksum();
          fresh.tenantId = tenantId;
          rt.state().formsById.computeIfAbsent(fresh.formId, k -> new ArrayList<>()).add(fresh);
          rt.state().formsByKey.put(fresh.key, fresh);
          form = fresh;
        }
        ObjectNode node = deployments.addObject().putObject("form");
        node.put("formId", form.formId);
        node.put("version", form.version);
        node.put("resourceName", form.resourceName);
        node.put("tenantId", form.tenantId);
        node.put("formKey", String.valueOf(form.key));
        continue;
      }
      for (ProcessModel model : resource.processes()) {
        DeployedProcess latest = rt.state().latest(model.processId());
        DeployedProcess process = latest;
        if (latest == null || !latest.checksum.equals(resource.checksum())) {
          process = new DeployedProcess();
          process.key = rt.state().newKey();
          process.processId = model.processId();
          process.name = model.name();
          process.version = rt.state().nextVersion("process", model.processId(), latest == null ? 0 : latest.version);
          process.resourceName = resource.name();
          process.xml = resource.content();
          process.checksum = resource.checksum();
          process.tenantId = tenantId;
          process.deploymentKey = deploymentKey;
          process.model = model;
          rt.state().processesById.computeIfAbsent(process.processId, k -> new ArrayList<>()).add(process);
          rt.state().processesByKey.put(process.key, process);
          rt.startEvents().deployed(process);
        }
        ObjectNode node = deployments.addObject().putObject("processDefinition");
        node.put("processDefinitionId", process.processId);
        node.put("processDefinitionVersion", process.version);
        node.put("resourceName", process.resourceName);
        node.put("tenantId", process.tenantId);
        node.put("processDefinitionKey", String.valueOf(process.key));
      }
    }
    return response;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The command's tenant, the default tenant when none is given. */
  static String tenant(String tenantId) {
    return tenantId == null || tenantId.isBlank() ? BpmnRuntime.DEFAULT_TENANT : tenantId;
  }
}

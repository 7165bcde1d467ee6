package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.model.LinkedResourceSpec;
import org.exportcert.engine.state.DeployedResource;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Incident;
import org.exportcert.engine.state.ElementInstance;

/**
 * Camunda 8.8's linked resources: RPA scripts ({@code .rpa}) deploy as resources with an id and an
 * optional version tag; a job-based element's {@code zeebe:linkedResource}s are resolved by their
 * binding when its job is created and handed to the worker as the {@code linkedResources} header
 * (a JSON array of resourceKey, resourceType and linkName), as Zeebe does. A link that finds no
 * resource raises a RESOURCE_NOT_FOUND incident (Zeebe's messages); resolving it retries.
 */
final class LinkedResources {

  static final String HEADER = "linkedResources";

  /** An RPA file as deployed: its id and version tag, read from its JSON. */
  record Rpa(String resourceId, String versionTag) {}

  private LinkedResources() {}

  static boolean isRpa(String lowerName) {
    return lowerName.endsWith(".rpa");
  }

  /** Reads an RPA file's id (required) and version tag; adds a deployment error when it is unusable. */
  static Rpa parseRpa(String name, String content, List<String> errors) {
    try {
      JsonNode json = Json.MAPPER.readTree(content);
      String id = json == null ? null : json.path("id").asText(null);
      if (id == null || id.isBlank()) {
        errors.add("'" + name + "': an RPA resource must have an 'id'");
        return null;
      }
      String versionTag = json.path("versionTag").asText(null);
      return new Rpa(id, versionTag == null || versionTag.isBlank() ? null : versionTag);
    } catch (Exception e) {
      errors.add("'" + name + "': not a valid RPA resource (JSON): " + e.getMessage());
      return null;
    }
  }

  /** Stores a new version unless the latest one has the same content (Zeebe's duplicate check). */
  static void deploy(EngineState state, Rpa rpa, String name, String content, String checksum, String tenantId,
      long deploymentKey, ArrayNode deployments) {
    DeployedResource resource = state.latestResource(rpa.resourceId());
    if (resource == null || !resource.checksum.equals(checksum)) {
      DeployedResource fresh = new DeployedResource();
      fresh.key = state.newKey();
      fresh.resourceId = rpa.resourceId();
      fresh.version = state.nextVersion("resource", fresh.resourceId, resource == null ? 0 : resource.version);
      fresh.versionTag = rpa.versionTag();
      fresh.resourceName = name;
      fresh.content = content;
      fresh.checksum = checksum;
      fresh.tenantId = tenantId;
      fresh.deploymentKey = deploymentKey;
      state.resourcesById.computeIfAbsent(fresh.resourceId, k -> new ArrayList<>()).add(fresh);
      state.resourcesByKey.put(fresh.key, fresh);
      resource = fresh;
    }
    ObjectNode node = deployments.addObject().putObject("resource");
    node.put("resourceId", resource.resourceId);
    node.put("version", resource.version);
    node.put("resourceName", resource.resourceName);
    node.put("tenantId", resource.tenantId);
    node.put("resourceKey", String.valueOf(resource.key));
  }

  /**
   * Puts the element's resolved links into the job's headers; false (and an incident raised) when
   * one of them finds no resource.
   */
  static boolean addHeader(BpmnRuntime rt, ElementInstance ei, List<LinkedResourceSpec> links, Map<String, String> headers) {
    if (links.isEmpty()) {
      return true;
    }
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (LinkedResourceSpec link : links) {
      DeployedResource resource = find(rt.state(), ei, link);
      if (resource == null) {
        rt.raiseIncident(ei, "RESOURCE_NOT_FOUND", notFound(ei, link), null, Incident.Retry.ENTER);
        return false;
      }
      ObjectNode node = array.addObject();
      node.put("resourceKey", String.valueOf(resource.key));
      node.put("resourceType", link.resourceType());
      node.put("linkName", link.linkName());
    }
    headers.put(HEADER, Json.write(array));
    return true;
  }

  private static DeployedResource find(EngineState state, ElementInstance ei, LinkedResourceSpec link) {
    List<DeployedResource> versions = state.resourcesById.getOrDefault(link.resourceId(), List.of());
    String tenantId = ei.process.tenantId;
    long deploymentKey = ei.process.deploymentKey;
    DeployedResource found = null;
    for (DeployedResource candidate : versions) { // versions in order: the last match is the newest
      if (!candidate.tenantId.equals(tenantId)) {
        continue;
      }
      boolean matches = switch (link.bindingType()) {
        case "deployment" -> candidate.deploymentKey == deploymentKey;
        case "versionTag" -> link.versionTag() != null && link.versionTag().equals(candidate.versionTag);
        default -> true;
      };
      if (matches) {
        found = candidate;
      }
    }
    return found;
  }

  private static String notFound(ElementInstance ei, LinkedResourceSpec link) {
    return switch (link.bindingType()) {
      case "deployment" -> "Expected to link a resource with id '" + link.resourceId() + "' and binding type 'deployment', "
          + "but no such resource found in the deployment with key " + ei.process.deploymentKey
          + " which contained the current process. To resolve this incident, migrate the process instance to a process "
          + "definition that is deployed together with the intended resource to use.";
      case "versionTag" -> "Expected to link a resource with id '" + link.resourceId() + "' and version tag '"
          + link.versionTag() + "', but no such resource found. To resolve the incident, deploy a resource with the "
          + "given id and version tag.";
      default -> "Expected to link a resource with id '" + link.resourceId() + "', but no resource with this id is found, "
          + "at least a resource with this id should be available. To resolve the Incident please deploy a resource "
          + "with the same id.";
    };
  }
}

package org.exportcert.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads Kubernetes manifests into the fabric8 Kubernetes model and refuses anything the model does
 * not know: an unknown apiVersion/kind, a misspelt or misplaced field, a value of the wrong type.
 *
 * <p>The fabric8 model classes keep unknown fields in {@code additionalProperties} instead of
 * failing, so after Jackson has bound a document every object of the tree is walked and any
 * non-empty {@code additionalProperties} is reported with its path.
 */
final class StrictKubernetesModel {

  /** apiVersion + kind → model class. Only the kinds ExportCert's manifests may use. */
  static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "v1/Namespace", Namespace.class,
          "v1/ServiceAccount", ServiceAccount.class,
          "v1/ConfigMap", ConfigMap.class,
          "v1/Service", Service.class,
          "apps/v1/Deployment", Deployment.class,
          "networking.k8s.io/v1/Ingress", Ingress.class,
          "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

  private static final ObjectMapper MAPPER =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  private StrictKubernetesModel() {}

  /** Every document of a (possibly multi-document) YAML text, bound strictly. */
  static List<HasMetadata> read(String yaml, String source) {
    List<HasMetadata> resources = new ArrayList<>();
    try (MappingIterator<JsonNode> documents = MAPPER.readerFor(JsonNode.class).readValues(yaml)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document == null || document.isNull() || document.isEmpty()) {
          continue;
        }
        String key = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
          throw new IllegalArgumentException(source + ": unsupported apiVersion/kind " + key);
        }
        HasMetadata resource = MAPPER.treeToValue(document, type);
        List<String> unknown = new ArrayList<>();
        unknownFields(resource, key + " " + resource.getMetadata().getName(), unknown);
        if (!unknown.isEmpty()) {
          throw new IllegalArgumentException(source + ": fields the Kubernetes API does not know: " + unknown);
        }
        resources.add(resource);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": does not bind to the Kubernetes model: " + e.getMessage(), e);
    }
    return resources;
  }

  /** Adds "path.field" for every field that landed in an additionalProperties map. */
  static void unknownFields(Object node, String path, List<String> out) {
    if (node == null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", out);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "[" + k + "]", out));
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || getter.getReturnType().isPrimitive()
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(node);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      if ("getAdditionalProperties".equals(getter.getName())) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> out.add(path + "." + k));
        }
      } else {
        String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
        unknownFields(value, path + "." + field, out);
      }
    }
  }
}

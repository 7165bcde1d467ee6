package org.exportcert.workers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.annotation.VariablesAsType;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;

/**
 * The worker catalog, read from the {@code @JobWorker} methods themselves: job type, input
 * variables ({@code @Variable} parameters and {@code @VariablesAsType} record components), output
 * variables (components of the returned record) and BPMN errors ({@link BpmnErrors}). The checked-in
 * {@code catalog/workers.json} is compared with it by a test, so it cannot drift from the code.
 */
public final class WorkerCatalog {

  public static final String RESOURCE = "catalog/workers.json";

  private WorkerCatalog() {}

  public record Entry(
      String type,
      String phase,
      String worker,
      List<String> inputs,
      List<String> outputs,
      List<String> errors,
      List<String> errorVariables) {}

  public static List<Entry> scan() {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
    List<Entry> entries = new ArrayList<>();
    for (var candidate : scanner.findCandidateComponents(WorkerCatalog.class.getPackageName())) {
      Class<?> type;
      try {
        type = Class.forName(candidate.getBeanClassName());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      for (Method m : type.getDeclaredMethods()) {
        JobWorker worker = m.getAnnotation(JobWorker.class);
        if (worker != null) {
          entries.add(describe(type, m, worker));
        }
      }
    }
    entries.sort(Comparator.comparing(Entry::type));
    return entries;
  }

  private static Entry describe(Class<?> type, Method m, JobWorker worker) {
    List<String> inputs = new ArrayList<>();
    for (Parameter p : m.getParameters()) {
      Variable v = p.getAnnotation(Variable.class);
      if (v != null) {
        String name = !v.name().isEmpty() ? v.name() : !v.value().isEmpty() ? v.value() : p.getName();
        inputs.add(name);
      }
      if (p.isAnnotationPresent(VariablesAsType.class) && p.getType().isRecord()) {
        Arrays.stream(p.getType().getRecordComponents()).map(RecordComponent::getName).forEach(inputs::add);
      }
    }
    List<String> outputs =
        m.getReturnType().isRecord()
            ? Arrays.stream(m.getReturnType().getRecordComponents()).map(RecordComponent::getName).toList()
            : List.of();
    BpmnErrors errors = m.getAnnotation(BpmnErrors.class);
    String phase = type.getPackageName().substring(WorkerCatalog.class.getPackageName().length() + 1);
    return new Entry(
        worker.type(),
        phase,
        type.getSimpleName() + "#" + m.getName(),
        inputs,
        outputs,
        errors == null ? List.of() : List.of(errors.value()),
        errors == null ? List.of() : List.of(errors.variables()));
  }

  public static String toJson(List<Entry> entries) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put(
        "description",
        "Job workers of ExportCert, generated from the @JobWorker methods (WorkerCatalogTest keeps this file in step).");
    root.put("workers", entries);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

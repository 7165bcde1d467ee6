package org.exportcert.engine.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.*;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.exportcert.engine.runtime.CommandProcessor;
import org.exportcert.engine.runtime.Backpressure;
import org.exportcert.engine.runtime.EngineException;
import org.exportcert.engine.runtime.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zeebe's gRPC gateway service over the same {@link CommandProcessor} as the REST API: each RPC
 * becomes the REST command's JSON body, and the answer is mapped back to the protocol messages.
 * Rejections become the gRPC statuses the client maps (NOT_FOUND, INVALID_ARGUMENT, ...).
 */
public final class GatewayService extends GatewayGrpc.GatewayImplBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayService.class);

  private final CommandProcessor processor;
  private final String version;
  private final String host;
  private final IntSupplier port;

  public GatewayService(CommandProcessor processor, String version, String host, IntSupplier port) {
    this.processor = processor;
    this.version = version;
    this.host = host;
    this.port = port;
  }

  // ---------------------------------------------------------------- plumbing

  private static <T> void answer(CompletableFuture<JsonNode> future, StreamObserver<T> observer, Function<JsonNode, T> map) {
    future.whenComplete((result, error) -> {
      if (error != null) {
        observer.onError(status(error));
        return;
      }
      T response;
      try {
        response = map.apply(result);
      } catch (RuntimeException e) {
        observer.onError(status(e));
        return;
      }
      observer.onNext(response);
      observer.onCompleted();
    });
  }

  private <T> void submit(String type, JsonNode body, StreamObserver<T> observer, Function<JsonNode, T> map) {
    answer(processor.submit(type, body), observer, map);
  }

  static StatusRuntimeException status(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof StatusRuntimeException status) {
      return status;
    }
    if (cause instanceof EngineException e) {
      Status status = "ALREADY_EXISTS".equals(e.title()) ? Status.ALREADY_EXISTS
          : Backpressure.TITLE.equals(e.title()) ? Status.RESOURCE_EXHAUSTED : switch (e.status()) {
        case 400 -> Status.INVALID_ARGUMENT;
        case 404 -> Status.NOT_FOUND;
        case 409 -> Status.FAILED_PRECONDITION;
        case 501 -> Status.UNIMPLEMENTED;
        case 503 -> Status.UNAVAILABLE;
        case 504 -> Status.DEADLINE_EXCEEDED;
        default -> Status.INTERNAL;
      };
      return status.withDescription(e.getMessage()).asRuntimeException();
    }
    LOG.error("gRPC call failed", cause);
    return Status.INTERNAL.withDescription("Unexpected error: " + cause).asRuntimeException();
  }

  /** A variables document from the protocol's JSON string ("" = none). */
  private static JsonNode variables(String json) {
    if (json == null || json.isBlank()) {
      return Json.object();
    }
    JsonNode node = Json.read(json);
    if (!node.isObject()) {
      throw EngineException.invalidArgument("Expected document to be a root level object, but was '" + node.getNodeType() + "'");
    }
    return node;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }

  private static long key(JsonNode node, String field) {
    String value = text(node, field);
    return value.isEmpty() ? -1 : Long.parseLong(value);
  }

  private static ObjectNode withKey(long key) {
    return Json.object().put("key", key);
  }

  private static <T> boolean guard(StreamObserver<T> observer, Runnable call) {
    try {
      call.run();
      return true;
    } catch (RuntimeException e) {
      observer.onError(status(e));
      return false;
    }
  }

  // ---------------------------------------------------------------- cluster, deployment

  @Override
  public void topology(TopologyRequest request, StreamObserver<TopologyResponse> observer) {
    Partition partition = Partition.newBuilder().setPartitionId(1)
        .setRole(Partition.PartitionBrokerRole.LEADER).setHealth(Partition.PartitionBrokerHealth.HEALTHY).build();
    BrokerInfo broker = BrokerInfo.newBuilder().setNodeId(0).setHost(host).setPort(port.getAsInt())
        .setVersion(version).addPartitions(partition).build();
    observer.onNext(TopologyResponse.newBuilder().addBrokers(broker).setClusterSize(1).setPartitionsCount(1)
        .setReplicationFactor(1).setGatewayVersion(version).build());
    observer.onCompleted();
  }

  @Override
  public void deployResource(DeployResourceRequest request, StreamObserver<DeployResourceResponse> observer) {
    ObjectNode body = Json.object();
    if (!request.getTenantId().isEmpty()) {
      body.put("tenantId", request.getTenantId());
    }
    ArrayNode resources = body.putArray("resources");
    for (Resource resource : request.getResourcesList()) {
      resources.addObject().put("name", resource.getName())
          .put("content", Base64.getEncoder().encodeToString(resource.getContent().toByteArray()));
    }
    submit("deploy", body, observer, GatewayService::deployment);
  }

  private static DeployResourceResponse deployment(JsonNode result) {
    DeployResourceResponse.Builder response = DeployResourceResponse.newBuilder()
        .setKey(key(result, "deploymentKey")).setTenantId(text(result, "tenantId"));
    for (JsonNode entry : result.path("deployments")) {
      Deployment.Builder deployment = Deployment.newBuilder();
      if (entry.has("processDefinition")) {
        JsonNode p = entry.get("processDefinition");
        deployment.setProcess(ProcessMetadata.newBuilder().setBpmnProcessId(text(p, "processDefinitionId"))
            .setVersion(p.path("processDefinitionVersion").asInt()).setProcessDefinitionKey(key(p, "processDefinitionKey"))
            .setResourceName(text(p, "resourceName")).setTenantId(text(p, "tenantId")));
      } else if (entry.has("decisionDefinition")) {
        JsonNode d = entry.get("decisionDefinition");
        deployment.setDecision(DecisionMetadata.newBuilder().setDmnDecisionId(text(d, "decisionDefinitionId"))
            .setDmnDecisionName(text(d, "name")).setVersion(d.path("version").asInt()).setDecisionKey(key(d, "decisionDefinitionKey"))
            .setDmnDecisionRequirementsId(text(d, "decisionRequirementsId")).setDecisionRequirementsKey(key(d, "decisionRequirementsKey"))
            .setTenantId(text(d, "tenantId")));
      } else if (entry.has("decisionRequirements")) {
        JsonNode d = entry.get("decisionRequirements");
        deployment.setDecisionRequirements(DecisionRequirementsMetadata.newBuilder()
            .setDmnDecisionRequirementsId(text(d, "decisionRequirementsId")).setDmnDecisionRequirementsName(text(d, "decisionRequirementsName"))
            .setVersion(d.path("version").asInt()).setDecisionRequirementsKey(key(d, "decisionRequirementsKey"))
            .setResourceName(text(d, "resourceName")).setTenantId(text(d, "tenantId")));
      } else if (entry.has("form")) {
        JsonNode f = entry.get("form");
        deployment.setForm(FormMetadata.newBuilder().setFormId(text(f, "formId")).setVersion(f.path("version").asInt())
            .setFormKey(key(f, "formKey")).setResourceName(text(f, "resourceName")).setTenantId(text(f, "tenantId")));
      } else {
        continue;
      }
      response.addDeployments(deployment);
    }
    return response.build();
  }

  @Override
  public void deleteResource(DeleteResourceRequest request, StreamObserver<DeleteResourceResponse> observer) {
    submit("delete-resource", withKey(request.getResourceKey()), observer, r -> DeleteResourceResponse.getDefaultInstance());
  }

  // ---------------------------------------------------------------- process instances

  private static ObjectNode creation(CreateProcessInstanceRequest request) {
    ObjectNode body = Json.object();
    if (request.getProcessDefinitionKey() > 0) {
      body.put("processDefinitionKey", request.getProcessDefinitionKey());
    } else {
      body.put("processDefinitionId", request.getBpmnProcessId());
      body.put("processDefinitionVersion", request.getVersion());
    }
    body.set("variables", variables(request.getVariables()));
    if (!request.getTenantId().isEmpty()) {
      body.put("tenantId", request.getTenantId());
    }
    if (request.getStartInstructionsCount() > 0) {
      ArrayNode instructions = body.putArray("startInstructions");
      request.getStartInstructionsList().forEach(i -> instructions.addObject().put("elementId", i.getElementId()));
    }
    ArrayNode tags = body.putArray("tags");
    request.getTagsList().forEach(tags::add);
    return body;
  }

  private static List<String> tags(JsonNode result) {
    List<String> tags = new java.util.ArrayList<>();
    result.path("tags").forEach(t -> tags.add(t.asText()));
    return tags;
  }

  @Override
  public void createProcessInstance(CreateProcessInstanceRequest request, StreamObserver<CreateProcessInstanceResponse> observer) {
    ObjectNode[] body = new ObjectNode[1];
    if (guard(observer, () -> body[0] = creation(request))) {
      submit("create", body[0], observer, r -> CreateProcessInstanceResponse.newBuilder()
          .setProcessDefinitionKey(key(r, "processDefinitionKey")).setBpmnProcessId(text(r, "processDefinitionId"))
          .setVersion(r.path("processDefinitionVersion").asInt()).setProcessInstanceKey(key(r, "processInstanceKey"))
          .setTenantId(text(r, "tenantId")).addAllTags(tags(r)).build());
    }
  }

  @Override
  public void createProcessInstanceWithResult(CreateProcessInstanceWithResultRequest request,
      StreamObserver<CreateProcessInstanceWithResultResponse> observer) {
    ObjectNode[] body = new ObjectNode[1];
    if (guard(observer, () -> body[0] = creation(request.getRequest()))) {
      body[0].put("awaitCompletion", true);
      body[0].put("requestTimeout", request.getRequestTimeout());
      ArrayNode fetch = body[0].putArray("fetchVariables");
      request.getFetchVariablesList().forEach(fetch::add);
      submit("create", body[0], observer, r -> CreateProcessInstanceWithResultResponse.newBuilder()
          .setProcessDefinitionKey(key(r, "processDefinitionKey")).setBpmnProcessId(text(r, "processDefinitionId"))
          .setVersion(r.path("processDefinitionVersion").asInt()).setProcessInstanceKey(key(r, "processInstanceKey"))
          .setVariables(Json.write(r.path("variables"))).setTenantId(text(r, "tenantId")).addAllTags(tags(r)).build());
    }
  }

  @Override
  public void cancelProcessInstance(CancelProcessInstanceRequest request, StreamObserver<CancelProcessInstanceResponse> observer) {
    submit("cancel", withKey(request.getProcessInstanceKey()), observer, r -> CancelProcessInstanceResponse.getDefaultInstance());
  }

  @Override
  public void modifyProcessInstance(ModifyProcessInstanceRequest request, StreamObserver<ModifyProcessInstanceResponse> observer) {
    ObjectNode body = withKey(request.getProcessInstanceKey());
    ArrayNode activations = body.putArray("activateInstructions");
    ArrayNode terminations = body.putArray("terminateInstructions");
    boolean valid = guard(observer, () -> {
      for (ModifyProcessInstanceRequest.ActivateInstruction instruction : request.getActivateInstructionsList()) {
        ObjectNode activation = activations.addObject().put("elementId", instruction.getElementId());
        if (instruction.getAncestorElementInstanceKey() > 0) {
          activation.put("ancestorElementInstanceKey", instruction.getAncestorElementInstanceKey());
        }
        ArrayNode variableInstructions = activation.putArray("variableInstructions");
        for (ModifyProcessInstanceRequest.VariableInstruction variables : instruction.getVariableInstructionsList()) {
          variableInstructions.addObject().put("scopeId", variables.getScopeId()).set("variables", variables(variables.getVariables()));
        }
      }
      request.getTerminateInstructionsList().forEach(t -> terminations.addObject().put("elementInstanceKey", t.getElementInstanceKey()));
    });
    if (valid) {
      submit("modify-instance", body, observer, r -> ModifyProcessInstanceResponse.getDefaultInstance());
    }
  }

  @Override
  public void migrateProcessInstance(MigrateProcessInstanceRequest request, StreamObserver<MigrateProcessInstanceResponse> observer) {
    ObjectNode body = withKey(request.getProcessInstanceKey());
    MigrateProcessInstanceRequest.MigrationPlan plan = request.getMigrationPlan();
    body.put("targetProcessDefinitionKey", plan.getTargetProcessDefinitionKey());
    ArrayNode mappings = body.putArray("mappingInstructions");
    plan.getMappingInstructionsList().forEach(m -> mappings.addObject()
        .put("sourceElementId", m.getSourceElementId()).put("targetElementId", m.getTargetElementId()));
    submit("migrate-instance", body, observer, r -> MigrateProcessInstanceResponse.getDefaultInstance());
  }

  @Override
  public void setVariables(SetVariablesRequest request, StreamObserver<SetVariablesResponse> observer) {
    ObjectNode body = withKey(request.getElementInstanceKey()).put("local", request.getLocal());
    if (guard(observer, () -> body.set("variables", variables(request.getVariables())))) {
      // the engine keeps no variable-document record; the element instance key identifies the update
      submit("set-variables", body, observer, r -> SetVariablesResponse.newBuilder().setKey(request.getElementInstanceKey()).build());
    }
  }

  @Override
  public void resolveIncident(ResolveIncidentRequest request, StreamObserver<ResolveIncidentResponse> observer) {
    submit("resolve-incident", withKey(request.getIncidentKey()), observer, r -> ResolveIncidentResponse.getDefaultInstance());
  }

  // ---------------------------------------------------------------- jobs

  static ActivatedJob activatedJob(JsonNode job) {
    ActivatedJob.Builder builder = ActivatedJob.newBuilder()
        .setKey(key(job, "jobKey")).setType(text(job, "type")).setProcessInstanceKey(key(job, "processInstanceKey"))
        .setBpmnProcessId(text(job, "processDefinitionId")).setProcessDefinitionVersion(job.path("processDefinitionVersion").asInt())
        .setProcessDefinitionKey(key(job, "processDefinitionKey")).setElementId(text(job, "elementId"))
        .setElementInstanceKey(key(job, "elementInstanceKey")).setCustomHeaders(Json.write(job.path("customHeaders")))
        .setWorker(text(job, "worker")).setRetries(job.path("retries").asInt()).setDeadline(job.path("deadline").asLong())
        .setVariables(Json.write(job.path("variables"))).setTenantId(text(job, "tenantId"))
        .setKind(ActivatedJob.JobKind.valueOf(job.path("kind").asText("BPMN_ELEMENT")))
        .setListenerEventType(ActivatedJob.ListenerEventType.valueOf(job.path("listenerEventType").asText("UNSPECIFIED")));
    job.path("tags").forEach(t -> builder.addTags(t.asText()));
    JsonNode userTask = job.path("userTask");
    if (userTask.isObject()) { // a task listener's job: the task as the listener sees it
      UserTaskProperties.Builder properties = UserTaskProperties.newBuilder()
          .setAction(userTask.path("action").asText("")).setPriority(userTask.path("priority").asInt(50))
          .setUserTaskKey(userTask.path("userTaskKey").asLong());
      if (userTask.hasNonNull("assignee")) {
        properties.setAssignee(userTask.get("assignee").asText());
      }
      if (userTask.hasNonNull("dueDate")) {
        properties.setDueDate(userTask.get("dueDate").asText());
      }
      if (userTask.hasNonNull("followUpDate")) {
        properties.setFollowUpDate(userTask.get("followUpDate").asText());
      }
      if (userTask.hasNonNull("formKey")) {
        properties.setFormKey(userTask.get("formKey").asLong());
      }
      userTask.path("candidateGroups").forEach(g -> properties.addCandidateGroups(g.asText()));
      userTask.path("candidateUsers").forEach(u -> properties.addCandidateUsers(u.asText()));
      userTask.path("changedAttributes").forEach(a -> properties.addChangedAttributes(a.asText()));
      builder.setUserTask(properties);
    }
    return builder.build();
  }

  @Override
  public void activateJobs(ActivateJobsRequest request, StreamObserver<ActivateJobsResponse> observer) {
    ObjectNode body = Json.object().put("type", request.getType()).put("worker", request.getWorker())
        .put("timeout", request.getTimeout()).put("maxJobsToActivate", request.getMaxJobsToActivate())
        .put("requestTimeout", request.getRequestTimeout());
    ArrayNode fetch = body.putArray("fetchVariable");
    request.getFetchVariableList().forEach(fetch::add);
    submit("activate", body, observer, r -> {
      ActivateJobsResponse.Builder response = ActivateJobsResponse.newBuilder();
      r.path("jobs").forEach(job -> response.addJobs(activatedJob(job)));
      return response.build();
    });
  }

  @Override
  public void streamActivatedJobs(StreamActivatedJobsRequest request, StreamObserver<ActivatedJob> observer) {
    if (request.getType().isBlank()) {
      observer.onError(Status.INVALID_ARGUMENT.withDescription("Expected to stream jobs with a type, but none given").asRuntimeException());
      return;
    }
    ServerCallStreamObserver<ActivatedJob> call = (ServerCallStreamObserver<ActivatedJob>) observer;
    ObjectNode body = Json.object().put("type", request.getType()).put("worker", request.getWorker())
        .put("timeout", request.getTimeout());
    ArrayNode fetch = body.putArray("fetchVariable");
    request.getFetchVariableList().forEach(fetch::add);
    Runnable close = processor.openJobStream(body, new CommandProcessor.JobSink() {
      @Override
      public boolean isOpen() {
        return !call.isCancelled();
      }

      @Override
      public void push(JsonNode job) {
        synchronized (call) {
          if (!call.isCancelled()) {
            try {
              call.onNext(activatedJob(job));
              return;
            } catch (RuntimeException e) {
              LOG.debug("job stream failed while pushing job {}: {}", text(job, "jobKey"), e.getMessage());
            }
          }
        }
        yieldJob(job);
      }
    });
    call.setOnCancelHandler(close);
  }

  /** Gives a job back that could not be pushed: a timeout of 0 makes it activatable at once. */
  private void yieldJob(JsonNode job) {
    ObjectNode body = withKey(key(job, "jobKey"));
    body.putObject("changeset").put("timeout", 0);
    processor.submit("update-job", body).exceptionally(e -> null); // already completed or cancelled: nothing to give back
  }

  @Override
  public void completeJob(CompleteJobRequest request, StreamObserver<CompleteJobResponse> observer) {
    ObjectNode body = withKey(request.getJobKey());
    if (request.hasResult()) {
      body.set("result", jobResult(request.getResult()));
    }
    if (guard(observer, () -> body.set("variables", variables(request.getVariables())))) {
      submit("complete-job", body, observer, r -> CompleteJobResponse.getDefaultInstance());
    }
  }

  /** A user task listener's job result (denial, corrections) as the REST body has it. */
  private static ObjectNode jobResult(JobResult result) {
    ObjectNode node = Json.object();
    node.put("type", result.hasType() ? result.getType() : "userTask");
    if (result.getActivateElementsCount() > 0 || result.hasIsCompletionConditionFulfilled() || result.hasIsCancelRemainingInstances()) {
      // hook: ad-hoc subprocess job result, as the REST body has it
      var elements = node.putArray("activateElements");
      for (var element : result.getActivateElementsList()) {
        ObjectNode item = elements.addObject().put("elementId", element.getElementId());
        item.set("variables", variables(element.getVariables()));
      }
      node.put("isCompletionConditionFulfilled", result.getIsCompletionConditionFulfilled());
      node.put("isCancelRemainingInstances", result.getIsCancelRemainingInstances());
    }
    node.put("denied", result.getDenied());
    if (result.hasDeniedReason()) {
      node.put("deniedReason", result.getDeniedReason());
    }
    if (result.hasCorrections()) {
      JobResultCorrections c = result.getCorrections();
      ObjectNode corrections = node.putObject("corrections");
      if (c.hasAssignee()) {
        corrections.put("assignee", c.getAssignee());
      }
      if (c.hasDueDate()) {
        corrections.put("dueDate", c.getDueDate());
      }
      if (c.hasFollowUpDate()) {
        corrections.put("followUpDate", c.getFollowUpDate());
      }
      if (c.hasCandidateUsers()) {
        c.getCandidateUsers().getValuesList().forEach(corrections.putArray("candidateUsers")::add);
      }
      if (c.hasCandidateGroups()) {
        c.getCandidateGroups().getValuesList().forEach(corrections.putArray("candidateGroups")::add);
      }
      if (c.hasPriority()) {
        corrections.put("priority", c.getPriority());
      }
    }
    return node;
  }

  @Override
  public void failJob(FailJobRequest request, StreamObserver<FailJobResponse> observer) {
    ObjectNode body = withKey(request.getJobKey()).put("retries", request.getRetries())
        .put("errorMessage", request.getErrorMessage()).put("retryBackOff", request.getRetryBackOff());
    if (guard(observer, () -> body.set("variables", variables(request.getVariables())))) {
      submit("fail-job", body, observer, r -> FailJobResponse.getDefaultInstance());
    }
  }

  @Override
  public void throwError(ThrowErrorRequest request, StreamObserver<ThrowErrorResponse> observer) {
    ObjectNode body = withKey(request.getJobKey()).put("errorCode", request.getErrorCode())
        .put("errorMessage", request.getErrorMessage());
    if (guard(observer, () -> body.set("variables", variables(request.getVariables())))) {
      submit("throw-error", body, observer, r -> ThrowErrorResponse.getDefaultInstance());
    }
  }

  @Override
  public void updateJobRetries(UpdateJobRetriesRequest request, StreamObserver<UpdateJobRetriesResponse> observer) {
    ObjectNode body = withKey(request.getJobKey());
    body.putObject("changeset").put("retries", request.getRetries());
    submit("update-job", body, observer, r -> UpdateJobRetriesResponse.getDefaultInstance());
  }

  @Override
  public void updateJobTimeout(UpdateJobTimeoutRequest request, StreamObserver<UpdateJobTimeoutResponse> observer) {
    ObjectNode body = withKey(request.getJobKey());
    body.putObject("changeset").put("timeout", request.getTimeout());
    submit("update-job", body, observer, r -> UpdateJobTimeoutResponse.getDefaultInstance());
  }

  // ---------------------------------------------------------------- decisions, messages, signals

  @Override
  public void evaluateDecision(EvaluateDecisionRequest request, StreamObserver<EvaluateDecisionResponse> observer) {
    ObjectNode body = Json.object();
    if (request.getDecisionKey() > 0) {
      body.put("decisionDefinitionKey", request.getDecisionKey());
    } else {
      body.put("decisionDefinitionId", request.getDecisionId());
    }
    if (!request.getTenantId().isEmpty()) {
      body.put("tenantId", request.getTenantId());
    }
    if (guard(observer, () -> body.set("variables", variables(request.getVariables())))) {
      submit("evaluate-decision", body, observer, GatewayService::evaluation);
    }
  }

  private static EvaluateDecisionResponse evaluation(JsonNode r) {
    EvaluateDecisionResponse.Builder response = EvaluateDecisionResponse.newBuilder()
        .setDecisionKey(key(r, "decisionDefinitionKey")).setDecisionId(text(r, "decisionDefinitionId"))
        .setDecisionName(text(r, "decisionDefinitionName")).setDecisionVersion(r.path("decisionDefinitionVersion").asInt())
        .setDecisionRequirementsId(text(r, "decisionRequirementsId")).setDecisionRequirementsKey(key(r, "decisionRequirementsKey"))
        .setDecisionOutput(text(r, "output")).setFailedDecisionId(text(r, "failedDecisionDefinitionId"))
        .setFailureMessage(text(r, "failureMessage")).setTenantId(text(r, "tenantId"))
        .setDecisionInstanceKey(key(r, "decisionInstanceKey")).setDecisionEvaluationKey(key(r, "decisionEvaluationKey"));
    for (JsonNode d : r.path("evaluatedDecisions")) {
      EvaluatedDecision.Builder decision = EvaluatedDecision.newBuilder()
          .setDecisionKey(key(d, "decisionDefinitionKey")).setDecisionId(text(d, "decisionDefinitionId"))
          .setDecisionName(text(d, "decisionDefinitionName")).setDecisionVersion(d.path("decisionDefinitionVersion").asInt())
          .setDecisionType(text(d, "decisionDefinitionType")).setDecisionOutput(text(d, "output"))
          .setTenantId(text(d, "tenantId")).setDecisionEvaluationInstanceKey(text(d, "decisionEvaluationInstanceKey"));
      for (JsonNode rule : d.path("matchedRules")) {
        MatchedDecisionRule.Builder matched = MatchedDecisionRule.newBuilder()
            .setRuleId(text(rule, "ruleId")).setRuleIndex(rule.path("ruleIndex").asInt());
        for (JsonNode output : rule.path("evaluatedOutputs")) {
          matched.addEvaluatedOutputs(EvaluatedDecisionOutput.newBuilder().setOutputId(text(output, "outputId"))
              .setOutputName(text(output, "outputName")).setOutputValue(text(output, "outputValue")));
        }
        decision.addMatchedRules(matched);
      }
      for (JsonNode input : d.path("evaluatedInputs")) {
        decision.addEvaluatedInputs(EvaluatedDecisionInput.newBuilder().setInputId(text(input, "inputId"))
            .setInputName(text(input, "inputName")).setInputValue(text(input, "inputValue")));
      }
      response.addEvaluatedDecisions(decision);
    }
    return response.build();
  }

  @Override
  public void publishMessage(PublishMessageRequest request, StreamObserver<PublishMessageResponse> observer) {
    ObjectNode body = Json.object().put("name", request.getName()).put("correlationKey", request.getCorrelationKey())
        .put("timeToLive", request.getTimeToLive());
    if (!request.getMessageId().isEmpty()) {
      body.put("messageId", request.getMessageId());
    }
    if (!request.getTenantId().isEmpty()) {
      body.put("tenantId", request.getTenantId());
    }
    if (guard(observer, () -> body.set("variables", variables(request.getVariables())))) {
      submit("publish-message", body, observer, r -> PublishMessageResponse.newBuilder()
          .setKey(key(r, "messageKey")).setTenantId(text(r, "tenantId")).build());
    }
  }

  @Override
  public void broadcastSignal(BroadcastSignalRequest request, StreamObserver<BroadcastSignalResponse> observer) {
    ObjectNode body = Json.object().put("signalName", request.getSignalName());
    if (!request.getTenantId().isEmpty()) {
      body.put("tenantId", request.getTenantId());
    }
    if (guard(observer, () -> body.set("variables", variables(request.getVariables())))) {
      submit("broadcast-signal", body, observer, r -> BroadcastSignalResponse.newBuilder()
          .setKey(key(r, "signalKey")).setTenantId(text(r, "tenantId")).build());
    }
  }
}

package org.exportcert.engine.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.*;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.exportcert.engine.command.EngineCommand;
import org.exportcert.engine.command.EngineCommand.*;
import org.exportcert.engine.runtime.CommandProcessor;
import org.exportcert.engine.runtime.Backpressure;
import org.exportcert.engine.runtime.EngineException;
import org.exportcert.engine.runtime.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zeebe's gRPC gateway service over the same {@link CommandProcessor} as the REST API: each RPC
 * becomes its {@link EngineCommand} record, built here from the protocol message, and the answer
 * is mapped back to the protocol messages.
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

  private <T> void submit(EngineCommand command, StreamObserver<T> observer, Function<JsonNode, T> map) {
    answer(processor.submit(command), observer, map);
  }

  /** Builds the command (a variables document may be refused), then submits it. */
  private <T> void submit(java.util.function.Supplier<EngineCommand> command, StreamObserver<T> observer, Function<JsonNode, T> map) {
    EngineCommand[] built = new EngineCommand[1];
    if (guard(observer, () -> built[0] = command.get())) {
      submit(built[0], observer, map);
    }
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

  /** A protocol string, null when empty (proto3 has no absent strings). */
  private static String given(String value) {
    return value.isEmpty() ? null : value;
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
    List<EngineCommand.Resource> resources = new java.util.ArrayList<>();
    for (GatewayOuterClass.Resource resource : request.getResourcesList()) {
      resources.add(new EngineCommand.Resource(resource.getName(), resource.getContent().toByteArray()));
    }
    submit(new Deploy(given(request.getTenantId()), resources), observer, GatewayService::deployment);
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
    submit(new DeleteResource(request.getResourceKey()), observer, r -> DeleteResourceResponse.getDefaultInstance());
  }

  // ---------------------------------------------------------------- process instances

  private static CreateProcessInstance creation(CreateProcessInstanceRequest request, boolean await, long requestTimeout,
      List<String> fetchVariables) {
    boolean byKey = request.getProcessDefinitionKey() > 0;
    List<String> startElementIds = request.getStartInstructionsList().stream()
        .map(ProcessInstanceCreationStartInstruction::getElementId).toList();
    // the protocol's id is "" when none is given, its version -1 for the latest
    return new CreateProcessInstance(byKey ? request.getProcessDefinitionKey() : null, byKey ? null : request.getBpmnProcessId(),
        byKey ? null : (long) request.getVersion(), variables(request.getVariables()), startElementIds, List.copyOf(request.getTagsList()),
        null, given(request.getTenantId()), await, requestTimeout, fetchVariables);
  }

  private static List<String> tags(JsonNode result) {
    List<String> tags = new java.util.ArrayList<>();
    result.path("tags").forEach(t -> tags.add(t.asText()));
    return tags;
  }

  @Override
  public void createProcessInstance(CreateProcessInstanceRequest request, StreamObserver<CreateProcessInstanceResponse> observer) {
    submit(() -> creation(request, false, 0, List.of()), observer, r -> CreateProcessInstanceResponse.newBuilder()
          .setProcessDefinitionKey(key(r, "processDefinitionKey")).setBpmnProcessId(text(r, "processDefinitionId"))
          .setVersion(r.path("processDefinitionVersion").asInt()).setProcessInstanceKey(key(r, "processInstanceKey"))
          .setTenantId(text(r, "tenantId")).addAllTags(tags(r)).build());
  }

  @Override
  public void createProcessInstanceWithResult(CreateProcessInstanceWithResultRequest request,
      StreamObserver<CreateProcessInstanceWithResultResponse> observer) {
    submit(() -> creation(request.getRequest(), true, request.getRequestTimeout(), List.copyOf(request.getFetchVariablesList())),
        observer, r -> CreateProcessInstanceWithResultResponse.newBuilder()
          .setProcessDefinitionKey(key(r, "processDefinitionKey")).setBpmnProcessId(text(r, "processDefinitionId"))
          .setVersion(r.path("processDefinitionVersion").asInt()).setProcessInstanceKey(key(r, "processInstanceKey"))
          .setVariables(Json.write(r.path("variables"))).setTenantId(text(r, "tenantId")).addAllTags(tags(r)).build());
  }

  @Override
  public void cancelProcessInstance(CancelProcessInstanceRequest request, StreamObserver<CancelProcessInstanceResponse> observer) {
    submit(new CancelProcessInstance(request.getProcessInstanceKey()), observer, r -> CancelProcessInstanceResponse.getDefaultInstance());
  }

  @Override
  public void modifyProcessInstance(ModifyProcessInstanceRequest request, StreamObserver<ModifyProcessInstanceResponse> observer) {
    submit(() -> new ModifyProcessInstance(request.getProcessInstanceKey(),
        request.getActivateInstructionsList().stream().map(GatewayService::activation).toList(),
        request.getTerminateInstructionsList().stream().map(t -> new TerminateInstruction(t.getElementInstanceKey())).toList()),
        observer, r -> ModifyProcessInstanceResponse.getDefaultInstance());
  }

  private static ActivateInstruction activation(ModifyProcessInstanceRequest.ActivateInstruction instruction) {
    List<VariableInstruction> variables = instruction.getVariableInstructionsList().stream()
        .map(v -> new VariableInstruction(v.getScopeId(), variables(v.getVariables()))).toList();
    long ancestor = instruction.getAncestorElementInstanceKey();
    return new ActivateInstruction(instruction.getElementId(), ancestor > 0 ? ancestor : null, variables);
  }

  @Override
  public void migrateProcessInstance(MigrateProcessInstanceRequest request, StreamObserver<MigrateProcessInstanceResponse> observer) {
    MigrateProcessInstanceRequest.MigrationPlan plan = request.getMigrationPlan();
    List<MappingInstruction> mappings = plan.getMappingInstructionsList().stream()
        .map(m -> new MappingInstruction(m.getSourceElementId(), m.getTargetElementId())).toList();
    submit(new MigrateProcessInstance(request.getProcessInstanceKey(), plan.getTargetProcessDefinitionKey(), mappings), observer,
        r -> MigrateProcessInstanceResponse.getDefaultInstance());
  }

  @Override
  public void setVariables(SetVariablesRequest request, StreamObserver<SetVariablesResponse> observer) {
    // the engine keeps no variable-document record; the element instance key identifies the update
    submit(() -> new SetVariables(request.getElementInstanceKey(), variables(request.getVariables()), request.getLocal()), observer,
        r -> SetVariablesResponse.newBuilder().setKey(request.getElementInstanceKey()).build());
  }

  @Override
  public void resolveIncident(ResolveIncidentRequest request, StreamObserver<ResolveIncidentResponse> observer) {
    submit(new ResolveIncident(request.getIncidentKey()), observer, r -> ResolveIncidentResponse.getDefaultInstance());
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
    ActivateJobs command = new ActivateJobs(request.getType(), request.getMaxJobsToActivate(), request.getTimeout(),
        request.getWorker(), List.copyOf(request.getFetchVariableList()), request.getRequestTimeout());
    submit(command, observer, r -> {
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
    ActivateJobs stream = new ActivateJobs(request.getType(), 1, request.getTimeout(), request.getWorker(),
        List.copyOf(request.getFetchVariableList()), 0);
    Runnable close = processor.openJobStream(stream, new CommandProcessor.JobSink() {
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
    processor.submit(new UpdateJob(key(job, "jobKey"), null, 0L)).exceptionally(e -> null); // already completed or cancelled: nothing to give back
  }

  @Override
  public void completeJob(CompleteJobRequest request, StreamObserver<CompleteJobResponse> observer) {
    submit(() -> new CompleteJob(request.getJobKey(), variables(request.getVariables()),
        request.hasResult() ? jobResult(request.getResult()) : null), observer, r -> CompleteJobResponse.getDefaultInstance());
  }

  /** A user task listener's (denial, corrections) or an ad-hoc subprocess worker's (activations, completion) job result. */
  private static EngineCommand.JobResult jobResult(GatewayOuterClass.JobResult result) {
    List<ElementActivation> activations = result.getActivateElementsList().stream()
        .map(e -> new ElementActivation(e.getElementId(), variables(e.getVariables()))).toList();
    Corrections corrections = null;
    if (result.hasCorrections()) {
      JobResultCorrections c = result.getCorrections();
      corrections = new Corrections(c.hasAssignee() ? c.getAssignee() : null, c.hasDueDate() ? c.getDueDate() : null,
          c.hasFollowUpDate() ? c.getFollowUpDate() : null, c.hasCandidateUsers() ? List.copyOf(c.getCandidateUsers().getValuesList()) : null,
          c.hasCandidateGroups() ? List.copyOf(c.getCandidateGroups().getValuesList()) : null, c.hasPriority() ? c.getPriority() : null);
    }
    return new EngineCommand.JobResult(result.hasType() ? result.getType() : "userTask", result.getDenied(),
        result.hasDeniedReason() ? result.getDeniedReason() : null, corrections, activations,
        result.getIsCompletionConditionFulfilled(), result.getIsCancelRemainingInstances());
  }

  @Override
  public void failJob(FailJobRequest request, StreamObserver<FailJobResponse> observer) {
    submit(() -> new FailJob(request.getJobKey(), request.getRetries(), request.getErrorMessage(), request.getRetryBackOff(),
        variables(request.getVariables())), observer, r -> FailJobResponse.getDefaultInstance());
  }

  @Override
  public void throwError(ThrowErrorRequest request, StreamObserver<ThrowErrorResponse> observer) {
    submit(() -> new ThrowError(request.getJobKey(), request.getErrorCode(), request.getErrorMessage(),
        variables(request.getVariables())), observer, r -> ThrowErrorResponse.getDefaultInstance());
  }

  @Override
  public void updateJobRetries(UpdateJobRetriesRequest request, StreamObserver<UpdateJobRetriesResponse> observer) {
    submit(new UpdateJob(request.getJobKey(), request.getRetries(), null), observer, r -> UpdateJobRetriesResponse.getDefaultInstance());
  }

  @Override
  public void updateJobTimeout(UpdateJobTimeoutRequest request, StreamObserver<UpdateJobTimeoutResponse> observer) {
    submit(new UpdateJob(request.getJobKey(), null, request.getTimeout()), observer, r -> UpdateJobTimeoutResponse.getDefaultInstance());
  }

  // ---------------------------------------------------------------- decisions, messages, signals

  @Override
  public void evaluateDecision(EvaluateDecisionRequest request, StreamObserver<EvaluateDecisionResponse> observer) {
    boolean byKey = request.getDecisionKey() > 0;
    submit(() -> new EvaluateDecision(byKey ? request.getDecisionKey() : null, byKey ? null : request.getDecisionId(),
        variables(request.getVariables()), given(request.getTenantId())), observer, GatewayService::evaluation);
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
    submit(() -> new PublishMessage(request.getName(), request.getCorrelationKey(), request.getTimeToLive(),
        given(request.getMessageId()), variables(request.getVariables()), given(request.getTenantId())), observer,
        r -> PublishMessageResponse.newBuilder().setKey(key(r, "messageKey")).setTenantId(text(r, "tenantId")).build());
  }

  @Override
  public void broadcastSignal(BroadcastSignalRequest request, StreamObserver<BroadcastSignalResponse> observer) {
    submit(() -> new BroadcastSignal(request.getSignalName(), variables(request.getVariables()), given(request.getTenantId())),
        observer, r -> BroadcastSignalResponse.newBuilder().setKey(key(r, "signalKey")).setTenantId(text(r, "tenantId")).build());
  }
}

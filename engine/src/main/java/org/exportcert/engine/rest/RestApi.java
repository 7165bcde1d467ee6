package org.exportcert.engine.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.Matcher;
import org.exportcert.engine.command.EngineCommand;
import org.exportcert.engine.command.RestCommands;
import org.exportcert.engine.dmn.Decisions;
import org.exportcert.engine.documents.DocumentStore;
import org.exportcert.engine.runtime.CommandProcessor;
import org.exportcert.engine.runtime.Backpressure;
import org.exportcert.engine.history.HistoryStore;
import org.exportcert.engine.history.HistoryStore.Kind;
import org.exportcert.engine.runtime.EngineException;
import org.exportcert.engine.runtime.Json;
import org.exportcert.engine.runtime.Views;
import org.exportcert.engine.state.DecisionState;
import org.exportcert.engine.state.DeployedProcess;
import org.exportcert.engine.state.DeployedResource;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Incident;
import org.exportcert.engine.state.UserTask;
import org.exportcert.engine.state.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Camunda 8 REST API v2 (and the management endpoints Camunda Process Test uses) over the JDK
 * HTTP server. Handlers only translate HTTP to commands and queries of the {@link
 * CommandProcessor}; every failure becomes an {@code application/problem+json} answer.
 */
public final class RestApi {

  private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
  /** How long a request waits for the processor's answer before a 504 (a longer long poll waits longer). */
  public static final long DEFAULT_ANSWER_TIMEOUT_MS = 60_000;
  /** Largest request body outside the documents API (deployments, JSON commands). */
  private static final long MAX_REQUEST_BYTES = 64L * 1024 * 1024;
  private static final long EXACT_READ_BYTES = 1024 * 1024;

  /** A matched route: path parameters and the request. */
  record Call(HttpExchange exchange, String[] params, JsonNode body, byte[] raw) {
    long key(int index, String what) {
      return Json.key(params[index], what);
    }
  }

  record Response(int status, String contentType, byte[] body) {}

  @FunctionalInterface
  interface Handler {
    Response handle(Call call) throws Exception;
  }

  private final CommandProcessor processor;
  private final String version;
  private final Function<HttpExchange, String> hostAndPort;
  private final List<Route> routes = new ArrayList<>();
  private final DocumentsEndpoint documents;
  private final long answerTimeoutMs;

  public RestApi(CommandProcessor processor, String version, Function<HttpExchange, String> hostAndPort, DocumentStore documentStore) {
    this(processor, version, hostAndPort, documentStore, DEFAULT_ANSWER_TIMEOUT_MS);
  }

  /** With another answer deadline than the default 60 s (tests of the deadline's rules shorten it). */
  public RestApi(CommandProcessor processor, String version, Function<HttpExchange, String> hostAndPort, DocumentStore documentStore,
      long answerTimeoutMs) {
    if (answerTimeoutMs <= 0) {
      throw new IllegalArgumentException("answerTimeoutMs must be positive, was " + answerTimeoutMs);
    }
    this.answerTimeoutMs = answerTimeoutMs;
    this.processor = processor;
    this.version = version;
    this.hostAndPort = hostAndPort;
    this.documents = new DocumentsEndpoint(documentStore, processor::now, hostAndPort);
    defineRoutes();
  }

  private void route(String method, String path, Handler handler) {
    routes.add(Route.of(method, path, false, handler));
  }

  private void defineRoutes() {
    route("GET", "/v2/topology", c -> json(200, topology(c.exchange())));
    route("GET", "/v2/status", c -> new Response(204, null, null));
    routes.add(Route.of("POST", "/v2/deployments", true, this::deploy));

    route("POST", "/v2/process-instances", c -> command("create", c.body()));
    route("POST", "/v2/process-instances/search", c -> search(c, s -> {
      StateQueries.bindVariablesFilter(s, processor.history());
      Long only = StateQueries.instanceFilter(c.body());
      if (only != null) {
        ElementInstance pi = s.processInstances.get(only);
        return withHistory(c, Kind.PROCESS_INSTANCE, pi == null ? List.of() : List.of(Views.processInstance(s, pi)));
      }
      return withHistory(c, Kind.PROCESS_INSTANCE, views(LiveSearch.processInstances(s, c.body()), pi -> Views.processInstance(s, pi)));
    },
        Map.of("variables", StateQueries::variablesMatch)));
    route("GET", "/v2/process-instances/{key}", c -> get(c, "process instance", s -> {
      ElementInstance pi = s.processInstances.get(c.key(0, "process instance"));
      return pi == null ? null : Views.processInstance(s, pi);
    }));
    route("POST", "/v2/process-instances/{key}/cancellation", c -> command("cancel", withKey(c, 0, "process instance")));
    route("GET", "/v2/process-instances/{key}/sequence-flows", c -> sequenceFlows(c));
    route("POST", "/v2/process-instances/{key}/modification", c -> command("modify-instance", withKey(c, 0, "process instance")));
    route("POST", "/v2/process-instances/{key}/migration", c -> command("migrate-instance", withKey(c, 0, "process instance")));
    route("GET", "/v2/process-instances/{key}/statistics/element-instances", c -> notImplemented(c));

    route("POST", "/v2/process-definitions/search", c -> search(c, s -> views(s.processesByKey.values(), Views::processDefinition), Map.of()));
    route("GET", "/v2/process-definitions/{key}", c -> get(c, "process definition", s -> {
      DeployedProcess p = s.processesByKey.get(c.key(0, "process definition"));
      return p == null ? null : Views.processDefinition(p);
    }));
    route("GET", "/v2/process-definitions/{key}/xml", c -> processXml(c));
    // linkable resources (RPA scripts): their metadata and their content as deployed
    route("GET", "/v2/resources/{key}", c -> get(c, "resource", s -> {
      DeployedResource r = s.resourcesByKey.get(c.key(0, "resource"));
      return r == null ? null : StateQueries.resource(r);
    }));
    route("GET", "/v2/resources/{key}/content", c -> resourceContent(c));
    route("POST", "/v2/resources/{key}/deletion", c -> command("delete-resource", withKey(c, 0, "resource")));

    route("POST", "/v2/jobs/activation", c -> command("activate", c.body()));
    route("POST", "/v2/jobs/search", c -> search(c, s -> withHistory(c, Kind.JOB, views(LiveSearch.jobs(s, c.body()), Views::job)), Map.of()));
    route("POST", "/v2/jobs/{key}/completion", c -> command("complete-job", withKey(c, 0, "job")));
    route("POST", "/v2/jobs/{key}/failure", c -> command("fail-job", withKey(c, 0, "job")));
    route("POST", "/v2/jobs/{key}/error", c -> command("throw-error", withKey(c, 0, "job")));
    route("PATCH", "/v2/jobs/{key}", c -> command("update-job", withKey(c, 0, "job")));

    route("POST", "/v2/user-tasks/search", c -> search(c, s -> withHistory(c, Kind.USER_TASK, views(LiveSearch.userTasks(s, c.body()), Views::userTask)), Map.of()));
    route("GET", "/v2/user-tasks/{key}", c -> get(c, "user task", s -> {
      UserTask t = s.userTasks.get(c.key(0, "user task"));
      return t == null ? null : Views.userTask(t);
    }));
    route("GET", "/v2/user-tasks/{key}/form", c -> userTaskForm(c));
    route("POST", "/v2/user-tasks/{key}/variables/search", c -> userTaskVariables(c));
    route("POST", "/v2/user-tasks/{key}/assignment", c -> command("assign-user-task", withKey(c, 0, "user task")));
    route("DELETE", "/v2/user-tasks/{key}/assignee", c -> command("unassign-user-task", withKey(c, 0, "user task")));
    route("PATCH", "/v2/user-tasks/{key}", c -> command("update-user-task", withKey(c, 0, "user task")));
    route("POST", "/v2/user-tasks/{key}/completion", c -> command("complete-user-task", withKey(c, 0, "user task")));

    route("PUT", "/v2/element-instances/{key}/variables", c -> command("set-variables", withKey(c, 0, "element instance")));
    route("POST", "/v2/element-instances/ad-hoc-activities/{key}/activation", // hook: ad-hoc subprocess
        c -> command("activate-ad-hoc-activities", withKey(c, 0, "ad-hoc sub-process instance")));
    route("POST", "/v2/element-instances/search", c -> search(c, s -> {
      List<ObjectNode> items = new ArrayList<>();
      for (ElementInstance ei : LiveSearch.elementInstances(s, c.body())) {
        if (ei.flowScope != null) {
          items.add(Views.elementInstance(ei));
        }
      }
      return withHistory(c, Kind.ELEMENT_INSTANCE, items);
    }, Map.of()));
    route("GET", "/v2/element-instances/{key}", c -> get(c, "element instance", s -> {
      ElementInstance ei = s.elementInstances.get(c.key(0, "element instance"));
      return ei == null || ei.flowScope == null ? null : Views.elementInstance(ei);
    }));

    route("POST", "/v2/incidents/search", c -> search(c, s -> withHistory(c, Kind.INCIDENT, views(LiveSearch.incidents(s, c.body()), Views::incident)), Map.of()));
    route("GET", "/v2/incidents/{key}", c -> get(c, "incident", s -> {
      Incident i = s.incidents.get(c.key(0, "incident"));
      return i == null ? null : Views.incident(i);
    }));
    route("POST", "/v2/incidents/{key}/resolution", c -> command("resolve-incident", withKey(c, 0, "incident")));

    route("POST", "/v2/variables/search", c -> search(c, s -> withHistory(c, Kind.VARIABLE, StateQueries.variableViews(s, LiveSearch.variables(s, c.body()))), Map.of()));
    route("GET", "/v2/variables/{key}", c -> get(c, "variable", s -> {
      Variable v = s.variables.get(c.key(0, "variable"));
      return v == null ? null : Views.variable(v, StateQueries.tenantOf(s, v));
    }));

    // Messages
    route("POST", "/v2/messages/publication", c -> command("publish-message", c.body()));
    route("POST", "/v2/messages/correlation", c -> command("correlate-message", c.body()));
    route("POST", "/v2/signals/broadcast", c -> command("broadcast-signal", c.body()));
    route("POST", "/v2/message-subscriptions/search", c -> search(c, s -> withHistory(c, Kind.MESSAGE_SUBSCRIPTION, views(LiveSearch.messageSubscriptions(s, c.body()), Views::messageSubscription)), Map.of()));
    route("POST", "/v2/correlated-message-subscriptions/search", c -> search(c, s -> {
      List<ObjectNode> items = new ArrayList<>();
      for (var subscription : byInstance(c, s.subscriptionsByInstance, s.messageSubscriptions.values())) {
        if (subscription.correlatedMessageKey != null) {
          items.add(Views.correlatedMessage(subscription));
        }
      }
      return items;
    }, Map.of()));
    // DMN
    route("POST", "/v2/decision-definitions/evaluation", c -> command("evaluate-decision", c.body()));
    route("POST", "/v2/decision-definitions/search", c -> search(c, s -> views(s.decisions.decisionsByKey.values(), Decisions::decisionDefinition), Map.of()));
    route("GET", "/v2/decision-definitions/{key}", c -> get(c, "decision definition", s -> {
      DecisionState.Decision d = s.decisions.decisionsByKey.get(c.key(0, "decision definition"));
      return d == null ? null : Decisions.decisionDefinition(d);
    }));
    route("GET", "/v2/decision-definitions/{key}/xml", c -> xml(c, "decision definition", s -> {
      DecisionState.Decision d = s.decisions.decisionsByKey.get(c.key(0, "decision definition"));
      return d == null ? null : d.drg.xml;
    }));
    route("POST", "/v2/decision-requirements/search", c -> search(c, s -> views(s.decisions.drgsByKey.values(), Decisions::decisionRequirements), Map.of()));
    route("GET", "/v2/decision-requirements/{key}", c -> get(c, "decision requirements", s -> {
      DecisionState.Drg d = s.decisions.drgsByKey.get(c.key(0, "decision requirements"));
      return d == null ? null : Decisions.decisionRequirements(d);
    }));
    route("GET", "/v2/decision-requirements/{key}/xml", c -> xml(c, "decision requirements", s -> {
      DecisionState.Drg d = s.decisions.drgsByKey.get(c.key(0, "decision requirements"));
      return d == null ? null : d.xml;
    }));
    route("POST", "/v2/decision-instances/search", c -> search(c, s -> decisionsWithHistory(c, views(s.decisions.instances.values(), Decisions::decisionInstance)), Map.of()));
    route("GET", "/v2/decision-instances/{key}", c -> get(c, "decision instance", s -> {
      DecisionState.Instance i = s.decisions.instances.get(c.params()[0]);
      HistoryStore history = processor.history();
      return i != null ? Decisions.decisionInstanceDetails(i) : history == null ? null : history.decision(c.params()[0]);
    }));

    // Documents (kept in the engine's data directory, not in the journal)
    routes.add(Route.of("POST", "/v2/documents", true, c -> documents.upload(c.exchange(), c.raw())));
    routes.add(Route.of("POST", "/v2/documents/batch", true, c -> documents.uploadBatch(c.exchange(), c.raw())));
    route("GET", "/v2/documents/{key}", c -> documents.download(c.exchange(), c.params()[0]));
    route("DELETE", "/v2/documents/{key}", c -> documents.delete(c.exchange(), c.params()[0]));
    route("POST", "/v2/documents/{key}/links", c -> documents.createLink(c.exchange(), c.params()[0], c.body()));
    route("GET", "/document-links/{key}", c -> documents.followLink(c.exchange(), c.params()[0]));

    // Camunda clock API (tests pin the engine time; timers due at the new time fire).
    route("PUT", "/v2/clock", c -> command("clock-pin", c.body()));
    route("POST", "/v2/clock/reset", c -> command(new EngineCommand.ResetClock(), 0));

    // Management API used by Camunda Process Test (served on the REST port).
    route("GET", "/actuator/clock", c -> json(200, clock()));
    route("POST", "/actuator/clock/add", c -> {
      await(processor.submit(RestCommands.fromRest("clock-add", c.body())));
      return json(200, clock());
    });
    route("DELETE", "/actuator/clock", c -> {
      await(processor.submit(new EngineCommand.ResetClock()));
      return json(200, clock());
    });
    route("POST", "/actuator/clock/reset", c -> {
      await(processor.submit(new EngineCommand.ResetClock()));
      return json(200, clock());
    });
    route("POST", "/actuator/cluster/purge", c -> json(200, await(processor.purge())));
    route("GET", "/actuator/health", c -> json(200, Json.object().put("status", "UP")));
  }

  // ------------------------------------------------------------------ dispatch

  public void handle(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    Response response;
    LOG.trace("{} {}", method, path);
    try {
      response = dispatch(exchange, method, path);
    } catch (EngineException e) {
      response = problem(e.status(), e.title(), e.type(), e.getMessage(), path);
      if (Backpressure.TITLE.equals(e.title())) {
        // Camunda answers backpressure with 503 and title RESOURCE_EXHAUSTED; the header tells
        // generic HTTP clients when to come back
        exchange.getResponseHeaders().set("Retry-After", "1");
      }
    } catch (Exception e) {
      LOG.error("{} {} failed", method, path, e);
      response = problem(500, "INTERNAL_ERROR", "Unexpected error: " + e, path);
    }
    try {
      if (response.body() == null) {
        exchange.sendResponseHeaders(response.status(), -1);
      } else {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.sendResponseHeaders(response.status(), response.body().length);
        exchange.getResponseBody().write(response.body());
      }
    } catch (IOException e) {
      LOG.debug("client went away before the answer to {} {}", method, path);
    } finally {
      exchange.close();
    }
  }

  private Response dispatch(HttpExchange exchange, String method, String path) throws Exception {
    boolean pathKnown = false;
    int pathSlashes = Route.slashes(path);
    for (Route route : routes) {
      if (!route.mayMatch(path, pathSlashes)) {
        continue;
      }
      Matcher matcher = route.pattern().matcher(path);
      if (!matcher.matches()) {
        continue;
      }
      pathKnown = true;
      if (!route.method().equals(method)) {
        continue;
      }
      String[] params = new String[matcher.groupCount()];
      for (int i = 0; i < params.length; i++) {
        params[i] = matcher.group(i + 1);
      }
      byte[] raw = readBody(exchange, path.startsWith("/v2/documents") ? documents.maxRequestBytes(path) : MAX_REQUEST_BYTES);
      JsonNode body = null;
      if (!route.multipart()) {
        String text = new String(raw, StandardCharsets.UTF_8).trim();
        body = text.isEmpty() ? Json.object() : Json.read(text);
        if (!body.isObject()) {
          throw EngineException.invalidArgument("the request body must be a JSON object");
        }
      }
      return route.handler().handle(new Call(exchange, params, body, raw));
    }
    if (pathKnown) {
      return problem(405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + path, path);
    }
    if (path.startsWith("/v2/") || path.startsWith("/v1/")) {
      return problem(404, "NOT_FOUND", "No endpoint " + method + " " + path + " in this engine (not supported yet)", path);
    }
    return problem(404, "NOT_FOUND", "No endpoint " + method + " " + path, path);
  }

  /** Reads the request body, refusing (413) one larger than {@code limit} before reading it all. */
  private static byte[] readBody(HttpExchange exchange, long limit) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    long length = -1;
    if (declared != null) {
      try {
        length = Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        throw EngineException.invalidArgument("Content-Length is not a number: " + declared);
      }
      if (length > limit) {
        throw tooLarge(limit);
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      if (length >= 0 && length <= EXACT_READ_BYTES) {
        // a small body is read into an array of its size: reading up to the limit in chunks cost
        // more than parsing it (JFR); the server ends the stream at Content-Length. A large one
        // grows as it arrives, so a declared length alone reserves no memory.
        byte[] body = new byte[(int) length];
        int read = in.readNBytes(body, 0, body.length);
        return read == body.length ? body : java.util.Arrays.copyOf(body, read);
      }
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8L, limit + 1));
      if (body.length > limit) {
        throw tooLarge(limit);
      }
      return body;
    }
  }

  private static EngineException tooLarge(long limit) {
    return new EngineException(413, "PAYLOAD_TOO_LARGE", "The request body is larger than the " + limit + " bytes accepted here");
  }

  // ------------------------------------------------------------------ helpers

  static Response json(int status, JsonNode body) {
    return new Response(status, "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8));
  }

  static Response problem(int status, String title, String detail, String instance) {
    return problem(status, title, "about:blank", detail, instance);
  }

  static Response problem(int status, String title, String type, String detail, String instance) {
    ObjectNode node = Json.object();
    node.put("type", type);
    node.put("title", title);
    node.put("status", status);
    node.put("detail", detail);
    node.put("instance", instance);
    return new Response(status, "application/problem+json", Json.write(node).getBytes(StandardCharsets.UTF_8));
  }

  private Response notImplemented(Call call) {
    String path = call.exchange().getRequestURI().getPath();
    return problem(501, "NOT_IMPLEMENTED", path + " is not supported by this engine yet", path);
  }

  private JsonNode await(CompletableFuture<JsonNode> future) throws Exception {
    return await(future, answerTimeoutMs);
  }

  private static JsonNode await(CompletableFuture<JsonNode> future, long timeoutMillis) throws Exception {
    try {
      return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof EngineException engineException) {
        throw engineException;
      }
      throw new IllegalStateException(String.valueOf(cause), cause);
    } catch (TimeoutException e) {
      throw new EngineException(504, "DEADLINE_EXCEEDED", "the engine did not answer in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw EngineException.shuttingDown();
    }
  }

  /** The command of {@code intent} built from its REST body (the one REST mapping, {@link RestCommands}), executed. */
  private Response command(String intent, JsonNode body) throws Exception {
    // a long poll (job activation) or a create-with-result waits for its own requestTimeout: the
    // engine answers it then (empty jobs, or a deadline problem), so give it that long plus margin
    // instead of cutting it at our own deadline with a 504 the client logs as a failure
    long requested = body == null ? 0 : body.path("requestTimeout").asLong(0);
    return command(RestCommands.fromRest(intent, body), requested);
  }

  private Response command(EngineCommand command, long requestTimeout) throws Exception {
    JsonNode result = await(processor.submit(command), Math.max(answerTimeoutMs, requestTimeout + 10_000));
    return result == null || result.isNull() ? new Response(204, null, null) : json(200, result);
  }

  private static ObjectNode withKey(Call call, int index, String what) {
    ObjectNode body = ((ObjectNode) call.body()).deepCopy();
    body.put("key", call.key(index, what));
    return body;
  }

  private Response get(Call call, String what, Function<EngineState, JsonNode> lookup) throws Exception {
    Kind kind = switch (what) {
      case "process instance" -> Kind.PROCESS_INSTANCE;
      case "element instance" -> Kind.ELEMENT_INSTANCE;
      case "user task" -> Kind.USER_TASK;
      case "incident" -> Kind.INCIDENT;
      case "variable" -> Kind.VARIABLE;
      default -> null;
    };
    HistoryStore history = processor.history();
    JsonNode result = await(processor.query(s -> {
      JsonNode live = lookup.apply(s);
      // a finished instance's entities are in the history store (read on this thread: consistent)
      return live == null && kind != null && history != null ? history.get(kind, call.key(0, what)) : live;
    }));
    if (result == null) {
      throw EngineException.notFound(what.substring(0, 1).toUpperCase() + what.substring(1) + " with key '" + call.params()[0] + "' not found");
    }
    return json(200, result);
  }

  private Response search(Call call, Function<EngineState, List<ObjectNode>> items, Map<String, BiPredicate<ObjectNode, JsonNode>> special) throws Exception {
    JsonNode request = call.body();
    return json(200, await(processor.query(s -> Search.run(items.apply(s), request, special))));
  }

  private static <T> List<ObjectNode> views(Iterable<T> entities, Function<T, ObjectNode> view) {
    List<ObjectNode> items = new ArrayList<>();
    for (T entity : entities) {
      items.add(view.apply(entity));
    }
    return items;
  }


  private ObjectNode topology(HttpExchange exchange) {
    String[] hostPort = hostAndPort.apply(exchange).split(":");
    ObjectNode node = Json.object();
    ArrayNode brokers = node.putArray("brokers");
    ObjectNode broker = brokers.addObject();
    broker.put("nodeId", 0);
    broker.put("host", hostPort[0]);
    broker.put("port", Integer.parseInt(hostPort[1]));
    broker.put("version", version);
    ObjectNode partition = broker.putArray("partitions").addObject();
    partition.put("partitionId", 1);
    partition.put("role", "leader");
    partition.put("health", "healthy");
    node.put("clusterSize", 1);
    node.put("partitionsCount", 1);
    node.put("replicationFactor", 1);
    node.put("gatewayVersion", version);
    node.put("lastCompletedChangeId", String.valueOf(processor.lastTopologyChange()));
    return node;
  }

  private ObjectNode clock() {
    long now = processor.now();
    ObjectNode node = Json.object();
    node.put("epochMilli", now);
    node.put("instant", Instant.ofEpochMilli(now).toString());
    return node;
  }

  private Response deploy(Call call) throws Exception {
    List<Multipart.Part> parts = Multipart.parse(call.exchange().getRequestHeaders().getFirst("Content-Type"), call.raw());
    String tenantId = null;
    List<EngineCommand.Resource> resources = new ArrayList<>();
    for (Multipart.Part part : parts) {
      if ("tenantId".equals(part.name())) {
        tenantId = new String(part.content(), StandardCharsets.UTF_8);
      } else if ("resources".equals(part.name()) || part.filename() != null) {
        resources.add(new EngineCommand.Resource(part.filename() == null ? "resource" : part.filename(), part.content()));
      }
    }
    return command(new EngineCommand.Deploy(tenantId, resources), 0);
  }

  private Response xml(Call call, String what, Function<EngineState, String> lookup) throws Exception {
    JsonNode xml = await(processor.query(s -> {
      String text = lookup.apply(s);
      return text == null ? null : Json.MAPPER.getNodeFactory().textNode(text);
    }));
    if (xml == null) {
      throw EngineException.notFound(what.substring(0, 1).toUpperCase() + what.substring(1) + " with key '" + call.params()[0] + "' not found");
    }
    return new Response(200, "text/xml", xml.asText().getBytes(StandardCharsets.UTF_8));
  }

  private Response resourceContent(Call call) throws Exception {
    long key = call.key(0, "resource");
    JsonNode content = await(processor.query(s -> {
      DeployedResource r = s.resourcesByKey.get(key);
      return r == null ? null : Json.MAPPER.getNodeFactory().textNode(r.content);
    }));
    if (content == null) {
      throw EngineException.notFound("Resource with key '" + key + "' not found");
    }
    // the API's schema is a JSON string (what the official client reads), not the file's own JSON
    return json(200, content);
  }

  private Response processXml(Call call) throws Exception {
    long key = call.key(0, "process definition");
    JsonNode xml = await(processor.query(s -> {
      DeployedProcess p = s.processesByKey.get(key);
      return p == null ? null : Json.MAPPER.getNodeFactory().textNode(p.xml);
    }));
    if (xml == null) {
      throw EngineException.notFound("Process definition with key '" + key + "' not found");
    }
    return new Response(200, "text/xml", xml.asText().getBytes(StandardCharsets.UTF_8));
  }

  private Response sequenceFlows(Call call) throws Exception {
    long key = call.key(0, "process instance");
    HistoryStore history = processor.history();
    JsonNode result = await(processor.query(s -> {
      JsonNode live = StateQueries.sequenceFlows(s, key);
      return live == null && history != null ? StateQueries.finishedSequenceFlows(history.get(Kind.SEQUENCE_FLOWS, key)) : live;
    }));
    if (result == null) {
      throw EngineException.notFound("Process instance with key '" + key + "' not found");
    }
    return json(200, result);
  }

  private List<ObjectNode> withHistory(Call call, Kind kind, List<ObjectNode> live) {
    return HistorySearch.withHistory(processor.history(), call.body(), kind, live);
  }

  private List<ObjectNode> decisionsWithHistory(Call call, List<ObjectNode> live) {
    return HistorySearch.decisions(processor.history(), call.body(), live);
  }

  private Response userTaskForm(Call call) throws Exception {
    long key = call.key(0, "user task");
    JsonNode result = await(processor.query(s -> StateQueries.userTaskForm(s, key)));
    if (result == null) {
      return new Response(204, null, null);
    }
    if (result.has("missing") && "form".equals(result.get("missing").asText())) {
      throw EngineException.notFound("The form of user task with key '" + key + "' was deleted");
    }
    if (result.has("missing")) {
      throw EngineException.notFound("User task with key '" + key + "' not found");
    }
    return json(200, result);
  }

  private Response userTaskVariables(Call call) throws Exception {
    long key = call.key(0, "user task");
    JsonNode request = call.body();
    JsonNode result = await(processor.query(s -> StateQueries.userTaskVariables(s, key, request)));
    if (result == null) {
      throw EngineException.notFound("User task with key '" + key + "' not found");
    }
    return json(200, result);
  }

  private static <T> Iterable<T> byInstance(Call call, Map<Long, List<T>> index, Iterable<T> all) {
    Long only = StateQueries.instanceFilter(call.body());
    return only == null ? all : index.getOrDefault(only, List.of());
  }
}

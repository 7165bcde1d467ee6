package org.exportcert.engine.snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.invoke.SerializedLambda;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.exportcert.engine.dmn.DmnEngineAdapter;
import org.exportcert.engine.feel.Feel;
import org.exportcert.engine.model.BpmnParser;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.model.ProcessModel;
import org.exportcert.engine.state.DecisionState;
import org.exportcert.engine.state.DeployedProcess;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Timer;

/**
 * Turns the engine state into snapshot bytes and back. The state objects are plain serializable
 * classes written with the JDK's object serialization (it keeps the shared references between
 * them); parsed models are not state: a process model or DMN graph is written as its resource text
 * and parsed again on load, and every element model as (its process, its id). Reading accepts only
 * the engine's own state classes and JDK value types (an {@link ObjectInputFilter}).
 */
public final class StateCodec {

  /** Bump when a state class changes in a way old snapshots cannot be read into. */
  public static final int FORMAT = 1;

  // the model classes appear only as back-references to models parsed here (they are not serializable)
  private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
      "maxdepth=10000;org.exportcert.engine.state.**;org.exportcert.engine.snapshot.*;"
          // listener waits: their runtime classes and what continuations capture (JSON of start instructions)
          + "org.exportcert.engine.runtime.*;com.fasterxml.jackson.databind.node.NodeSerialization;"
          + "org.exportcert.engine.model.ProcessModel;org.exportcert.engine.model.ElementModel;"
          + "org.exportcert.engine.dmn.DmnEngineAdapter$*;java.lang.*;java.util.*;java.math.*;!*");

  /** A process model, written as the resource it was parsed from. */
  private record ProcessRef(String resourceName, String xml, String processId) implements Serializable {}

  /** An element model: its process model (a ProcessRef when written, the parsed model when read) and id. */
  private record ElementRef(Object process, String elementId) implements Serializable {}

  /** A parsed DMN graph, written as its resource. */
  private record DrgRef(String resourceName, String xml) implements Serializable {}

  /** A part of the runtime a continuation refers to (a behaviour object): bound to the restoring engine's. */
  private record PartRef(String name) implements Serializable {}

  /**
   * A continuation (a serializable lambda) as its parts, with a fingerprint of the class that wrote
   * it: a lambda is found again by its method's name, which another build of that class may give
   * to different code, so it is only restored by the same class bytes.
   */
  private record LambdaRef(String capturingClass, String fingerprint, String functionalInterfaceClass,
      String functionalInterfaceMethodName, String functionalInterfaceMethodSignature, String implClass,
      String implMethodName, String implMethodSignature, int implMethodKind, String instantiatedMethodType,
      Object[] capturedArgs) implements Serializable {}

  private StateCodec() {}

  /**
   * @param parts the runtime's behaviour objects by name, which continuations may refer to (see
   *     {@link #decode}); a continuation referring to anything else cannot be encoded
   */
  public static byte[] encode(EngineState state, Map<String, Object> parts) {
    Map<Object, Object> replacements = references(state);
    parts.forEach((name, part) -> replacements.put(part, new PartRef(name)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    try (ObjectOutputStream out = new Writer(new java.io.BufferedOutputStream(
        new DeflaterOutputStream(bytes, new Deflater(Deflater.BEST_SPEED), 1 << 16), 1 << 16),
        replacements)) {
      out.writeObject(state);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the engine state", e);
    }
    return bytes.toByteArray();
  }

  public static byte[] encode(EngineState state) {
    return encode(state, Map.of());
  }

  /** @param parts the restoring runtime's behaviour objects by the names {@link #encode} was given */
  public static EngineState decode(byte[] payload, Map<String, Object> parts) {
    try (ObjectInputStream in = new Reader(new java.io.BufferedInputStream(
        new InflaterInputStream(new ByteArrayInputStream(payload), new java.util.zip.Inflater(), 1 << 16), 1 << 16), parts)) {
      in.setObjectInputFilter(info -> {
        ObjectInputFilter.Status status = FILTER.checkInput(info);
        if (status == ObjectInputFilter.Status.REJECTED) {
          throw new IllegalStateException("the snapshot holds a class the engine does not restore: " + info.serialClass()
              + " (depth " + info.depth() + ")");
        }
        return status;
      });
      return (EngineState) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot decode the snapshot: " + e + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""), e);
    }
  }

  /** What replaces each parsed model reachable from the state (deleted versions included). */
  private static Map<Object, Object> references(EngineState state) {
    Map<Object, Object> replacements = new IdentityHashMap<>();
    java.util.function.Consumer<DeployedProcess> add = process -> {
      if (process == null || process.model == null || replacements.containsKey(process.model)) {
        return;
      }
      ProcessRef ref = new ProcessRef(process.resourceName, process.xml, process.processId);
      replacements.put(process.model, ref);
      for (ElementModel element : process.model.elements()) {
        replacements.put(element, new ElementRef(ref, element.id));
      }
    };
    state.processesByKey.values().forEach(add);
    state.processesById.values().forEach(versions -> versions.forEach(add));
    for (ElementInstance instance : state.elementInstances.values()) {
      add.accept(instance.process);
    }
    for (ElementInstance instance : state.processInstances.values()) {
      add.accept(instance.process);
    }
    for (Timer timer : state.timers.values()) {
      add.accept(timer.startProcess);
    }
    java.util.function.Consumer<DecisionState.Drg> addDrg = drg -> {
      if (drg != null && drg.parsed != null && !replacements.containsKey(drg.parsed)) {
        replacements.put(drg.parsed, new DrgRef(drg.resourceName, drg.xml));
      }
    };
    state.decisions.drgsByKey.values().forEach(addDrg);
    for (DecisionState.Instance instance : state.decisions.instances.values()) {
      if (instance.decision != null) {
        addDrg.accept(instance.decision.drg);
      }
    }
    return replacements;
  }

  private static final class Writer extends ObjectOutputStream {
    private final Map<Object, Object> replacements;

    Writer(OutputStream out, Map<Object, Object> replacements) throws IOException {
      super(out);
      this.replacements = replacements;
      enableReplaceObject(true);
    }

    @Override
    protected Object replaceObject(Object obj) throws IOException {
      Object replacement = replacements.get(obj);
      if (replacement != null) {
        return replacement;
      }
      if (obj instanceof ProcessModel || obj instanceof ElementModel) {
        throw new IOException("a model not reachable from any deployed process is referenced: " + obj);
      }
      if (obj instanceof SerializedLambda lambda) {
        Object[] captured = new Object[lambda.getCapturedArgCount()];
        for (int i = 0; i < captured.length; i++) {
          captured[i] = lambda.getCapturedArg(i);
        }
        String capturing = lambda.getCapturingClass().replace('/', '.');
        return new LambdaRef(capturing, fingerprint(capturing), lambda.getFunctionalInterfaceClass(),
            lambda.getFunctionalInterfaceMethodName(), lambda.getFunctionalInterfaceMethodSignature(),
            lambda.getImplClass(), lambda.getImplMethodName(), lambda.getImplMethodSignature(),
            lambda.getImplMethodKind(), lambda.getInstantiatedMethodType(), captured);
      }
      if (obj != null && !(obj instanceof Serializable) && obj.getClass().getPackageName().startsWith("org.exportcert.engine")) {
        throw new IOException("a continuation refers to " + obj.getClass().getName() + ", which is no known part of the runtime");
      }
      return obj;
    }
  }

  /** A snapshot holds a listener continuation of code that has changed since: only the engine build that wrote it can go on. */
  public static final class CodeChanged extends IOException {
    private static final long serialVersionUID = 1L;

    CodeChanged(String message) {
      super(message);
    }
  }

  /** Whether {@code e} (a decode failure) is a {@link CodeChanged}. */
  public static boolean codeChanged(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CodeChanged) {
        return true;
      }
    }
    return false;
  }

  private static final Map<String, String> FINGERPRINTS = new java.util.concurrent.ConcurrentHashMap<>();

  /** SHA-256 of a class's bytes, as the class loader has them. */
  private static String fingerprint(String className) {
    return FINGERPRINTS.computeIfAbsent(className, name -> {
      String resource = "/" + name.replace('.', '/') + ".class";
      try (InputStream in = StateCodec.class.getResourceAsStream(resource)) {
        if (in == null) {
          return "missing";
        }
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
      } catch (IOException | java.security.NoSuchAlgorithmException e) {
        return "unreadable";
      }
    });
  }

  private static final class Reader extends ObjectInputStream {
    private final Map<String, List<ProcessModel>> parsedResources = new HashMap<>();
    private final BpmnParser parser = new BpmnParser(new Feel(() -> 0L));
    private final Map<String, Object> parts;
    private DmnEngineAdapter dmn;

    Reader(InputStream in, Map<String, Object> parts) throws IOException {
      super(in);
      this.parts = parts;
      enableResolveObject(true);
    }

    @Override
    protected Object resolveObject(Object obj) throws IOException {
      if (obj instanceof PartRef ref) {
        Object part = parts.get(ref.name());
        if (part == null) {
          throw new IOException("the snapshot refers to the runtime part " + ref.name() + ", which this engine does not have");
        }
        return part;
      }
      if (obj instanceof LambdaRef ref) {
        return lambda(ref);
      }
      if (obj instanceof ProcessRef ref) {
        List<ProcessModel> models = parsedResources.computeIfAbsent(ref.resourceName() + "\0" + ref.xml(),
            k -> parser.parse(ref.resourceName(), ref.xml().getBytes(StandardCharsets.UTF_8)));
        for (ProcessModel model : models) {
          if (model.processId().equals(ref.processId())) {
            return model;
          }
        }
        throw new IOException("process '" + ref.processId() + "' is no longer in its resource " + ref.resourceName());
      }
      if (obj instanceof ElementRef ref) {
        return ((ProcessModel) ref.process()).element(ref.elementId());
      }
      if (obj instanceof DrgRef ref) {
        if (dmn == null) {
          LongSupplier noClock = () -> 0L; // parsing reads no clock; evaluation uses the runtime's engine
          dmn = new DmnEngineAdapter(noClock);
        }
        return dmn.parse(ref.resourceName(), ref.xml().getBytes(StandardCharsets.UTF_8));
      }
      return obj;
    }

    /** Binds a continuation to this engine's code, if that is the code which wrote it. */
    private static Object lambda(LambdaRef ref) throws IOException {
      if (!ref.fingerprint().equals(fingerprint(ref.capturingClass()))) {
        throw new CodeChanged("the snapshot holds an element or user task waiting for listener jobs, written by another build of "
            + ref.capturingClass() + "; start the engine version that wrote it until those listener jobs are done");
      }
      try {
        Class<?> capturing = Class.forName(ref.capturingClass(), false, StateCodec.class.getClassLoader());
        SerializedLambda lambda = new SerializedLambda(capturing, ref.functionalInterfaceClass(),
            ref.functionalInterfaceMethodName(), ref.functionalInterfaceMethodSignature(), ref.implMethodKind(),
            ref.implClass(), ref.implMethodName(), ref.implMethodSignature(), ref.instantiatedMethodType(),
            ref.capturedArgs());
        java.lang.reflect.Method deserialize = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
        deserialize.setAccessible(true);
        return deserialize.invoke(null, lambda);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new IOException("cannot restore a listener continuation of " + ref.capturingClass() + ": " + e, e);
      }
    }
  }
}

package org.exportcert.certification.completion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.exportcert.certification.completion.CompletionStamps.StampRejected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionStampsTest {

  static final long TASK = 2251799813685301L;
  static final long INSTANCE = 2251799813685249L;
  static final String ELEMENT = "Task_DecideCertification";

  @TempDir Path dir;

  CompletionStamps stamps() {
    return new CompletionStamps("", dir);
  }

  /** The completion as the API sends it, and the job's variables as the engine hands them back. */
  Map<String, Object> afterTheEngine(CompletionStamps stamps, Map<String, Object> completion) throws Exception {
    Map<String, Object> vars = new LinkedHashMap<>(completion);
    vars.put(CompletionStamps.VARIABLE, stamps.stamp(TASK, INSTANCE, ELEMENT, "committee", completion));
    ObjectMapper json = new ObjectMapper();
    Map<String, Object> job = json.readValue(json.writeValueAsString(vars), new TypeReference<HashMap<String, Object>>() {});
    job.put("caseId", "EC-2026-000001"); // the rest of the instance's variables
    return job;
  }

  static Map<String, Object> decision() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("decisionOutcome", "GRANT");
    v.put("decisionRationale", "All requirements met");
    v.put("score", 3);
    v.put("weights", List.of(1.0, 2.5));
    return v;
  }

  @Test
  void aStampedCompletionNamesThePersonWhoActed() throws Exception {
    CompletionStamps stamps = stamps();
    var vars = afterTheEngine(stamps, decision());
    var stamped = stamps.verify(vars, INSTANCE, ELEMENT);
    assertThat(stamped.person()).isEqualTo("committee");
    assertThat(stamped.taskKey()).isEqualTo(TASK);
  }

  @Test
  void aCompletionWithoutStampIsRejected() {
    assertThatThrownBy(() -> stamps().verify(new HashMap<>(decision()), INSTANCE, ELEMENT))
        .isInstanceOf(StampRejected.class).hasMessageContaining("completed outside ExportCert");
  }

  @Test
  void anOutcomeChangedAfterStampingIsRejected() throws Exception {
    CompletionStamps stamps = stamps();
    var vars = afterTheEngine(stamps, decision());
    vars.put("decisionOutcome", "REFUSE");
    assertThatThrownBy(() -> stamps.verify(vars, INSTANCE, ELEMENT))
        .isInstanceOf(StampRejected.class).hasMessageContaining("was changed");
  }

  @Test
  void aStampForgedNamingAnotherPersonIsRejected() throws Exception {
    CompletionStamps stamps = stamps();
    var vars = afterTheEngine(stamps, decision());
    @SuppressWarnings("unchecked")
    var stamp = new HashMap<>((Map<String, Object>) vars.get(CompletionStamps.VARIABLE));
    stamp.put("person", "staff.pool");
    vars.put(CompletionStamps.VARIABLE, stamp);
    assertThatThrownBy(() -> stamps.verify(vars, INSTANCE, ELEMENT))
        .isInstanceOf(StampRejected.class).hasMessageContaining("not valid");
  }

  @Test
  void aStampCopiedToAnotherInstanceOrTaskIsRejected() throws Exception {
    CompletionStamps stamps = stamps();
    var vars = afterTheEngine(stamps, decision());
    assertThatThrownBy(() -> stamps.verify(vars, INSTANCE + 1, ELEMENT))
        .isInstanceOf(StampRejected.class).hasMessageContaining("not valid");
    assertThatThrownBy(() -> stamps.verify(vars, INSTANCE, "Task_DecideRenewal"))
        .isInstanceOf(StampRejected.class).hasMessageContaining("Task_DecideCertification");
  }

  @Test
  void aStampMadeWithAnotherSecretIsRejected() throws Exception {
    var vars = afterTheEngine(new CompletionStamps("someone else's secret of enough length", dir), decision());
    assertThatThrownBy(() -> stamps().verify(vars, INSTANCE, ELEMENT))
        .isInstanceOf(StampRejected.class).hasMessageContaining("not valid");
  }

  @Test
  void theLocalSecretIsGeneratedOnceOwnerOnlyAndKept() throws Exception {
    var vars = afterTheEngine(stamps(), decision());
    Path key = dir.resolve("secrets/completion-stamp.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    // a second process (the workers' deployment) reads the same secret
    assertThat(stamps().verify(vars, INSTANCE, ELEMENT).person()).isEqualTo("committee");
  }

  @Test
  void aModelThatNamesNoStampedTaskIsRejected() throws Exception {
    CompletionStamps stamps = stamps();
    var vars = afterTheEngine(stamps, decision());
    assertThatThrownBy(() -> stamps.verify(vars, INSTANCE, null))
        .isInstanceOf(StampRejected.class).hasMessageContaining(CompletionStamps.HEADER);
  }
}

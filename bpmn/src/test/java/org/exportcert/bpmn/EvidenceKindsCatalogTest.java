package org.exportcert.bpmn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.exportcert.bpmn.ModelFiles.CATALOG;
import static org.exportcert.bpmn.ModelFiles.MODELS;
import static org.exportcert.bpmn.ModelFiles.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * catalog/evidence-kinds.json is the one list of evidence kinds: every kind a decision table asks
 * applicants for is in it, each entry names its party and carries both languages' labels.
 */
class EvidenceKindsCatalogTest {

  static final Set<String> PARTIES = Set.of("APPLICANT", "STAFF", "SYSTEM");

  @Test
  void everyEntryHasACodeAPartyAndLabelsInBothLanguages() {
    List<String> problems = new ArrayList<>();
    Set<String> codes = new HashSet<>();
    for (JsonNode k : json(CATALOG.resolve("evidence-kinds.json")).path("kinds")) {
      String code = k.path("code").asText();
      if (!code.matches("[A-Z][A-Z0-9_]{0,63}")) problems.add("code '" + code + "' is not an upper-case code");
      if (!codes.add(code)) problems.add(code + " listed twice");
      if (!PARTIES.contains(k.path("party").asText())) problems.add(code + ": party must be one of " + PARTIES);
      for (String lang : List.of("en", "zh")) {
        if (k.path("label").path(lang).asText().isBlank()) problems.add(code + ": label." + lang + " missing");
      }
    }
    assertThat(problems).isEmpty();
    assertThat(codes).contains("ARCHITECTURE", "DATA_FLOWS", "AI_LIFECYCLE", "SECURITY_ATTESTATION",
        "API_SPECIFICATION", "MANAGEMENT_SYSTEM", "TEST_REPORT");
  }

  @Test
  void everyDocumentAPartnerTableAsksForIsAnApplicantKindOfTheCatalog() throws Exception {
    Set<String> applicantKinds = new HashSet<>();
    json(CATALOG.resolve("evidence-kinds.json")).path("kinds").forEach(k -> {
      if ("APPLICANT".equals(k.path("party").asText())) applicantKinds.add(k.path("code").asText());
    });
    String table = Files.readString(MODELS.resolve("partner-requirements.dmn"));
    Matcher list = Pattern.compile("<outputEntry id=\"OutputEntry_\\d+_3\"><text>\\[([^<]*)]</text>").matcher(table);
    List<String> asked = new ArrayList<>();
    while (list.find()) {
      Matcher code = Pattern.compile("\"([^\"]+)\"").matcher(list.group(1));
      while (code.find()) asked.add(code.group(1));
    }
    assertThat(asked).as("extraDocuments of partner-requirements.dmn").isNotEmpty();
    assertThat(applicantKinds).containsAll(asked);
  }
}

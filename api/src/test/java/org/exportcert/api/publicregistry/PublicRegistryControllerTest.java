package org.exportcert.api.publicregistry;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.testing.ApiSlice;
import org.exportcert.certification.registry.RegistryEntry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@ApiSlice(PublicRegistryController.class)
class PublicRegistryControllerTest {

  @Autowired MockMvc mvc;
  @MockitoBean RegistryQueries registry;
  @MockitoBean CaseQueries queries;

  @Test
  void anyoneSearchesTheRegistryWithoutLogin() throws Exception {
    when(registry.search(any(), eq(0), eq(20))).thenReturn(new RegistryQueries.Result(List.of(
        new RegistryQueries.Line("Example AI Ltd", "Copilot", "AI_SAAS", "ECC-2026-000001", "LISTED",
            LocalDate.of(2026, 1, 1), LocalDate.of(2029, 1, 1), List.of("SG"))), 1, 0, 20));
    mvc.perform(get("/api/public/registry?provider=example&category=AI_SAAS&status=listed&market=SG"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[0].certificateNumber").value("ECC-2026-000001"))
        .andExpect(jsonPath("$.items[0].caseId").doesNotExist());
    verify(registry).search(new RegistryQueries.Search(null, "example", "AI_SAAS",
        RegistryEntry.Status.LISTED, "SG"), 0, 20);
  }

  @Test
  void badSearchParametersAre400() throws Exception {
    mvc.perform(get("/api/public/registry?status=GOLD")).andExpect(status().isBadRequest());
    mvc.perform(get("/api/public/registry?size=1000")).andExpect(status().isBadRequest());
    mvc.perform(get("/api/public/registry?market=S%27G")).andExpect(status().isBadRequest());
    mvc.perform(get("/api/public/registry?page=x")).andExpect(status().isBadRequest());
    verifyNoInteractions(registry);
  }

  @Test
  void aCertificateIsVerifiedByNumber() throws Exception {
    when(registry.certificate(eq("ECC-2026-000001"), any(), any())).thenReturn(Optional.of(
        new RegistryQueries.CertificateStatus("ECC-2026-000001", 1, "ECC-2026-000001/R1",
            "Example AI Ltd", "Copilot 1.0", "ISO/IEC 42001:2023", LocalDate.of(2026, 1, 1),
            LocalDate.of(2029, 1, 1), null, "ACTIVE", true, List.of("SG"), "Copilot 1.0")));
    mvc.perform(get("/api/public/certificates/ecc-2026-000001"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.valid").value(true));
    mvc.perform(get("/api/public/certificates/ECC-2026-999999")).andExpect(status().isNotFound());
    mvc.perform(get("/api/public/certificates/..%2F..%2Fetc")).andExpect(status().is4xxClientError());
  }

  @Test
  void theNumberAsListedWithItsRevisionIsVerifiedToo() throws Exception {
    when(registry.certificate(eq("ECC-2026-000001"), any(), any())).thenReturn(Optional.of(
        new RegistryQueries.CertificateStatus("ECC-2026-000001", 1, "ECC-2026-000001/R1",
            "Example AI Ltd", "Copilot 1.0", "ISO/IEC 42001:2023", LocalDate.of(2026, 1, 1),
            LocalDate.of(2029, 1, 1), null, "ACTIVE", true, List.of("SG"), "Copilot 1.0")));
    mvc.perform(get("/api/public/certificates").param("number", "ECC-2026-000001/R1"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.displayNumber").value("ECC-2026-000001/R1"));
    mvc.perform(get("/api/public/certificates").param("number", "ecc-2026-000001"))
        .andExpect(status().isOk());
    mvc.perform(get("/api/public/certificates").param("number", "ECC-2026-000001/R1/../x"))
        .andExpect(status().isNotFound());
  }
}

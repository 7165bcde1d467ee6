package org.exportcert.api.localstack.backup;

import static org.exportcert.api.testing.Users.as;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.exportcert.api.testing.ApiSlice;
import org.exportcert.certification.audit.AuditTrail;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Who may take a backup, and the refusals that come before any byte of the archive. */
@ApiSlice(BackupController.class)
class BackupControllerTest {

  @Autowired MockMvc mvc;
  @MockitoBean BackupService backups;
  @MockitoBean AuditTrail audit;
  @MockitoBean org.exportcert.api.cases.CaseQueries queries; // for the slice's ownership check

  @Test
  void onlyOperatorsTakeBackups() throws Exception {
    for (String user : new String[] {"applicant", "evaluator", "committee", "manager"}) {
      mvc.perform(post("/api/operations/backup").with(as(user))).andExpect(status().isForbidden());
    }
    verifyNoInteractions(backups);
  }

  @Test
  void onAnExternalClusterTheBackupIsRefusedInTheCallersLanguage() throws Exception {
    when(backups.checkAvailable()).thenThrow(new BackupService.BackupUnavailable("external"));
    mvc.perform(post("/api/operations/backup").with(as("operator")))
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:conflict"))
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("embedded stack only")));
    mvc.perform(post("/api/operations/backup").with(as("operator")).header("Accept-Language", "zh-CN"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("内嵌组件")));
  }

  @Test
  void aSecondBackupWhileOneIsWrittenIsRefused() throws Exception {
    doThrow(new BackupService.BackupRunning()).when(backups).reserve();
    mvc.perform(post("/api/operations/backup").with(as("operator")))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("already being written")));
  }
}

package org.exportcert.api.operations;

import static org.exportcert.api.testing.Users.as;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.testing.ApiSlice;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@ApiSlice(OperationsController.class)
class OperationsControllerTest {

  @Autowired MockMvc mvc;
  @MockitoBean Operations operations;
  @MockitoBean CaseQueries queries;

  @Test
  void operatorsSearchWithCheckedFilters() throws Exception {
    mvc.perform(get("/api/operations/cases?phase=testing&hasIncident=true&market=sg&text=copilot")
            .with(as("operator")))
        .andExpect(status().isOk());
    verify(operations).search(eq(new Operations.Search("TESTING", null, null, true, null, "SG", "copilot")),
        eq(0), eq(20));
    mvc.perform(get("/api/operations/cases?phase=SOMEWHERE").with(as("operator")))
        .andExpect(status().isBadRequest());
    mvc.perform(get("/api/operations/cases?market=S'G").with(as("operator")))
        .andExpect(status().isBadRequest());
  }

  @Test
  void cancelAndRetryNeedAReason() throws Exception {
    mvc.perform(post("/api/operations/cases/EC-2026-000001/cancel").with(as("operator"))
            .contentType(MediaType.APPLICATION_JSON).content("{}"))
        .andExpect(status().isBadRequest());
    mvc.perform(post("/api/operations/incidents/5/retry").with(as("operator"))
            .contentType(MediaType.APPLICATION_JSON).content("{\"retries\":50,\"reason\":\"x\"}"))
        .andExpect(status().isBadRequest());
    verifyNoInteractions(operations);
    mvc.perform(post("/api/operations/incidents/5/retry").with(as("operator"))
            .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"db back\"}"))
        .andExpect(status().isOk());
    verify(operations).retry(eq(5L), eq(3), eq("db back"), any());
  }

  @Test
  void sendingBackNeedsAReasonAndAnOtherIncidentIsRefusedInTheCallersLanguage() throws Exception {
    mvc.perform(post("/api/operations/incidents/5/send-back").with(as("operator"))
            .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\" \"}"))
        .andExpect(status().isBadRequest());
    mvc.perform(post("/api/operations/incidents/5/send-back").with(as("reviewer"))
            .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"x\"}"))
        .andExpect(status().isForbidden());
    verifyNoInteractions(operations);
    org.mockito.Mockito.when(operations.sendBack(eq(5L), eq("port"), any())).thenThrow(
        org.exportcert.api.error.ApiProblem.conflict("not this kind").detailKey("problem.incident.not-sendable", 5L));
    mvc.perform(post("/api/operations/incidents/5/send-back").with(as("operator"))
            .header("Accept-Language", "zh-CN")
            .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"port\"}"))
        .andExpect(status().isConflict())
        .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
            .contentTypeCompatibleWith("application/problem+json"))
        .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.type")
            .value("urn:exportcert:problem:conflict"))
        .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.detail")
            .value(org.hamcrest.Matchers.containsString("没有可退回的任务")));
  }

  @Test
  void onlyOperatorsOperate() throws Exception {
    for (String user : new String[] {"applicant", "lab", "committee", "manager"}) {
      mvc.perform(get("/api/operations/cases").with(as(user))).andExpect(status().isForbidden());
    }
    verifyNoInteractions(operations);
  }
}

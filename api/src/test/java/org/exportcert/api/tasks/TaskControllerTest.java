package org.exportcert.api.tasks;

import static org.exportcert.api.testing.Users.as;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Optional;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.error.ApiExceptionHandler.FieldProblem;
import org.exportcert.api.testing.ApiSlice;
import org.exportcert.certification.casefile.ImpartialityViolationException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@ApiSlice(TaskController.class)
class TaskControllerTest {

  @Autowired MockMvc mvc;
  @MockitoBean StaffTasks tasks;
  @MockitoBean CaseQueries queries;

  @Test
  void staffListTheirGroupsTasksAndApplicantsCannot() throws Exception {
    when(tasks.list(any(), eq(StaffTasks.Scope.GROUPS))).thenReturn(List.of());
    mvc.perform(get("/api/tasks").with(as("lab"))).andExpect(status().isOk());
    mvc.perform(get("/api/tasks?scope=mine").with(as("committee"))).andExpect(status().isOk());
    mvc.perform(get("/api/tasks?scope=everything").with(as("lab"))).andExpect(status().isBadRequest());
    mvc.perform(get("/api/tasks").with(as("applicant"))).andExpect(status().isForbidden());
    mvc.perform(get("/api/tasks").with(as("manager"))).andExpect(status().isForbidden());
  }

  @Test
  void aClaimNeedsAConflictOfInterestDeclaration() throws Exception {
    mvc.perform(post("/api/tasks/7/claim").with(as("committee"))
            .contentType(MediaType.APPLICATION_JSON).content("{\"conflict\":false}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("declaration"));
    verifyNoInteractions(tasks);
  }

  @Test
  void anImpartialityViolationIs403WithTheReason() throws Exception {
    when(tasks.claim(anyLong(), any(), any()))
        .thenThrow(new ImpartialityViolationException("lab evaluated or tested EC-2026-000001 and cannot act as DECISION_MAKER"));
    mvc.perform(post("/api/tasks/7/claim").with(as("committee"))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"declaration\":\"no links to the vendor\",\"conflict\":false}"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:impartiality"))
        .andExpect(jsonPath("$.reason").value(org.hamcrest.Matchers.containsString("cannot act as DECISION_MAKER")));
    doThrow(new ImpartialityViolationException("lab tested it"))
        .when(tasks).complete(anyLong(), any(), any(), any());
    mvc.perform(post("/api/tasks/7/complete").with(as("committee"))
            .contentType(MediaType.APPLICATION_JSON).content("{\"variables\":{}}"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:impartiality"));
  }

  @Test
  void formDataThatDoesNotFitTheFormIsRefusedFieldByField() throws Exception {
    doThrow(new StaffTasks.InvalidTaskVariables(List.of(
            new FieldProblem("decisionOutcome", "must be one of [GRANT, REFUSE]"))))
        .when(tasks).complete(anyLong(), any(), any(), any());
    mvc.perform(post("/api/tasks/7/complete").with(as("committee"))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"variables\":{\"decisionOutcome\":\"MAYBE\"}}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("decisionOutcome"));
  }

  @Test
  void theFormIsServedAsJson() throws Exception {
    when(tasks.form(eq(7L), any())).thenReturn(Optional.of("{\"id\":\"certification-decision\"}"));
    mvc.perform(get("/api/tasks/7/form").with(as("committee")))
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
        .andExpect(jsonPath("$.id").value("certification-decision"));
  }

  @Test
  void aTaskOutsideMyGroupsIs403() throws Exception {
    when(tasks.get(eq(9L), any())).thenThrow(org.exportcert.api.error.ApiProblem.forbidden("not offered"));
    mvc.perform(get("/api/tasks/9").with(as("lab")))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:forbidden"));
  }
}

package org.exportcert.api.console;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.testing.ApiSlice;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@ApiSlice(LoginPage.class)
class LoginPageTest {

  @Autowired MockMvc mvc;
  @MockitoBean CaseQueries queries;

  @Test
  void signInPageCarriesTheFormAndTheSessionsCsrfToken() throws Exception {
    mvc.perform(get("/login"))
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
        .andExpect(header().string("Cache-Control", containsString("no-store")))
        .andExpect(header().exists("Content-Security-Policy"))
        .andExpect(content().string(containsString("<input id=\"username\" name=\"username\"")))
        .andExpect(content().string(containsString("name=\"password\" type=\"password\"")))
        .andExpect(content().string(matchesPattern(
            "(?s).*<input type=\"hidden\" name=\"_csrf\" value=\"[A-Za-z0-9_-]{20,}\">.*")))
        .andExpect(content().string(not(containsString("login-error"))));
  }

  @Test
  void wrongPasswordReturnsToThePageWhichSaysSo() throws Exception {
    mvc.perform(post("/login").with(csrf()).param("username", "lab").param("password", "nope"))
        .andExpect(status().is3xxRedirection())
        .andExpect(redirectedUrl("/login?error"));
    mvc.perform(get("/login").param("error", ""))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("Wrong user name or password")));
  }

  @Test
  void rightPasswordSignsInAndSignOutSaysSo() throws Exception {
    mvc.perform(post("/login").with(csrf()).param("username", "lab").param("password", "lab-pw"))
        .andExpect(status().is3xxRedirection())
        .andExpect(redirectedUrl("/"));
    mvc.perform(get("/login").param("logout", ""))
        .andExpect(content().string(containsString("You are signed out.")));
  }

  @Test
  void anEndedSessionIsExplainedOnTheSignInPage() throws Exception {
    mvc.perform(get("/login").param("expired", ""))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("data-testid=\"login-expired\"")))
        .andExpect(content().string(containsString("Your session has ended.")))
        .andExpect(content().string(not(containsString("login-error"))));
  }

  @Test
  void signInWithoutTheCsrfTokenIsRefused() throws Exception {
    mvc.perform(post("/login").param("username", "lab").param("password", "lab-pw"))
        .andExpect(status().isForbidden());
  }

  @Test
  void aPageThatNeedsSignInSendsTheBrowserHere() throws Exception {
    mvc.perform(get("/swagger-ui-not-public").accept(MediaType.TEXT_HTML))
        .andExpect(status().is3xxRedirection())
        .andExpect(header().string("Location", containsString("/login")));
  }
}

package org.exportcert.api.i18n;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.error.ProblemWriter;
import org.exportcert.api.me.MeController;
import org.exportcert.api.security.CurrentUsers;
import org.exportcert.api.security.SecurityConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every problem+json speaks the caller's language: Accept-Language or the console's cookie picks
 * English or Chinese for the title and the detail, from controllers, exception handlers and the
 * security filters alike; the type stays the same in both.
 */
@WebMvcTest(
    controllers = MeController.class,
    properties = {
      "exportcert.local-stack.enabled=false",
      "exportcert.security.users.lab.password=lab-secret"
    })
@Import({SecurityConfiguration.class, ProblemWriter.class, CurrentUsers.class, ProblemLanguageTest.Probe.class})
class ProblemLanguageTest {

  static final String HAN = ".*\\p{IsHan}.*";

  @Autowired MockMvc mvc;

  record Named(@NotBlank String name) {}

  @RestController
  static class Probe {
    @PostMapping("/api/lang-probe")
    Named echo(@Valid @RequestBody Named body) {
      return body;
    }

    @GetMapping("/api/lang-probe/missing")
    void missing() {
      throw ApiProblem.notFound("No case X-1.");
    }

    @GetMapping("/api/lang-probe/fail")
    void fail() {
      throw new IllegalStateException("internal");
    }
  }

  MockHttpServletRequestBuilder invalid() {
    return post("/api/lang-probe").with(httpBasic("lab", "lab-secret"))
        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"\"}");
  }

  @Test
  void aValidationProblemInEnglish() throws Exception {
    mvc.perform(invalid().header("Accept-Language", "en-GB,en;q=0.9"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:validation"))
        .andExpect(jsonPath("$.title").value("Validation failed"))
        .andExpect(jsonPath("$.detail").value("One or more fields are invalid."));
  }

  @Test
  void theSameProblemInChineseWithTheFieldMessageInChineseToo() throws Exception {
    mvc.perform(invalid().header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:validation"))
        .andExpect(jsonPath("$.title").value("校验未通过"))
        .andExpect(jsonPath("$.detail").value("有一个或多个字段不符合要求。"))
        .andExpect(jsonPath("$.errors[0].field").value("name"))
        .andExpect(jsonPath("$.errors[0].message", matchesPattern(HAN)));
  }

  @Test
  void theConsoleChoiceOverridesTheBrowserLanguage() throws Exception {
    mvc.perform(invalid().header("Accept-Language", "en-US").cookie(new Cookie("ec-lang", "zh")))
        .andExpect(jsonPath("$.title").value("校验未通过"));
  }

  @Test
  void aProblemWrittenByTheSecurityFilterIsTranslated() throws Exception {
    mvc.perform(get("/api/me").header("Accept-Language", "zh-TW"))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:unauthenticated"))
        .andExpect(jsonPath("$.title").value("需要身份验证"))
        .andExpect(jsonPath("$.detail").value("请登录，或在 Authorization 请求头中提供有效凭据。"));
    mvc.perform(get("/api/me"))
        .andExpect(jsonPath("$.title").value("Authentication required"));
  }

  @Test
  void aThrownApiProblemGetsItsTitleInChinese() throws Exception {
    mvc.perform(get("/api/lang-probe/missing").with(httpBasic("lab", "lab-secret")).header("Accept-Language", "zh"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.title").value("未找到"));
  }

  @Test
  void anUnknownPathSaysSoInBothLanguagesWithoutATemplateHole() throws Exception {
    // Spring gives this message no argument: a "{0}" was shown as it was
    mvc.perform(get("/api/no-such-thing").with(httpBasic("lab", "lab-secret")).header("Accept-Language", "en"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.detail").value("There is no page or resource at this address."));
    mvc.perform(get("/api/no-such-thing").with(httpBasic("lab", "lab-secret")).header("Accept-Language", "zh"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.detail").value("此地址没有页面或资源。"));
  }

  @Test
  void anInternalErrorKeepsItsReferenceInChinese() throws Exception {
    mvc.perform(get("/api/lang-probe/fail").with(httpBasic("lab", "lab-secret")).header("Accept-Language", "zh-CN"))
        .andExpect(status().isInternalServerError())
        .andExpect(jsonPath("$.title").value("系统内部错误"))
        .andExpect(jsonPath("$.detail", containsString("参考编号")))
        .andExpect(jsonPath("$.detail", matchesPattern(".*[0-9a-f]{8}-[0-9a-f]{4}-.*")));
  }
}

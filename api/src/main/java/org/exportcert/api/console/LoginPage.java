package org.exportcert.api.console;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * The console's sign-in page, in the console's own look. Rendered on the server because the form
 * must carry the session's CSRF token; Spring Security still handles {@code POST /login}.
 */
@Controller
class LoginPage {

  @GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
  ResponseEntity<String> page(
      @org.springframework.lang.Nullable CsrfToken csrf,
      @RequestParam(name = "error", required = false) String error,
      @RequestParam(name = "logout", required = false) String logout,
      @RequestParam(name = "expired", required = false) String expired) {
    String notice = "";
    if (error != null) {
      notice = "<div class=\"alert\" role=\"alert\" data-testid=\"login-error\">"
          + "<span data-i18n=\"login.error\">Wrong user name or password. Please try again.</span></div>";
    } else if (expired != null) {
      // a console page's call found the session gone: say why the page changed and what comes next
      notice = "<div class=\"alert info\" role=\"status\" data-testid=\"login-expired\">"
          + "<span data-i18n=\"login.expired\">Your session has ended. Sign in again to go back to the page you were on.</span></div>";
    } else if (logout != null) {
      notice = "<div class=\"alert ok\" role=\"status\" data-testid=\"login-signed-out\">"
          + "<span data-i18n=\"login.signedOut\">You are signed out.</span></div>";
    }
    String html = TEMPLATE
        .replace("{{notice}}", notice)
        // API clients (stateless chain, no CSRF) may fetch the page too; only sessions post it
        .replace("{{csrf}}", csrf == null ? "" : "<input type=\"hidden\" name=\""
            + HtmlUtils.htmlEscape(csrf.getParameterName()) + "\" value=\""
            + HtmlUtils.htmlEscape(csrf.getToken()) + "\">");
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
        .body(html);
  }

  private static final String TEMPLATE = """
      <!doctype html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title data-i18n="login.docTitle">Sign in · ExportCert</title>
        <link rel="stylesheet" href="/console/css/console.css">
        <script type="module" src="/console/js/login.js"></script>
      </head>
      <body>
        <header class="app"><div class="bar"><a class="brand" href="/">ExportCert</a>
          <div class="who"><a class="button secondary" href="/console/registry.html" data-i18n="nav.registry">Public registry</a></div></div>
        </header>
        <main id="main" class="login">
          <h1 data-i18n="login.title">Sign in</h1>
          {{notice}}
          <form class="card" method="post" action="/login">
            <div class="field"><label for="username" data-i18n="login.username">User name</label>
              <input id="username" name="username" autocomplete="username" required autofocus></div>
            <div class="field"><label for="password" data-i18n="login.password">Password</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required></div>
            {{csrf}}
            <div class="actions"><button type="submit" data-i18n="login.submit">Sign in</button></div>
          </form>
          <p class="muted" data-i18n="login.publicNeedsNoSignIn">The public registry and certificate verification need no sign-in.</p>
        </main>
      </body>
      </html>
      """;
}

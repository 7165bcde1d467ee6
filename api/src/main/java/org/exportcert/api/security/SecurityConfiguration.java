package org.exportcert.api.security;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.exportcert.api.error.ProblemTypes;
import org.exportcert.api.error.ProblemWriter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Two chains. Requests that carry credentials in an {@code Authorization} header (HTTP Basic for
 * local users, a bearer JWT from the OIDC provider) are stateless and need no CSRF token: a
 * cross-site page cannot set that header. Everything else is a browser session with form login
 * and a CSRF token; its 401s carry no Basic challenge, so a browser never caches credentials that
 * would ride along on a forged request.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

  /** Open to everyone: health probes, API docs, the public registry and the partner webhook. */
  static final String[] PUBLIC_PATHS = {
    "/actuator/health", "/actuator/health/**", "/actuator/info",
    "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
    "/api/public/**", "/api/partner/**", "/error", "/login", "/favicon.ico"
  };

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  UserDetailsService localUsers(
      SecurityProperties properties,
      PasswordEncoder encoder,
      @Value("${exportcert.data-dir:./data}") Path dataDir) {
    return LocalUsers.from(properties, encoder, dataDir);
  }

  @Bean
  @Order(1)
  SecurityFilterChain apiClients(
      HttpSecurity http,
      ObjectProvider<JwtDecoder> jwtDecoder,
      SecurityProperties properties,
      ProblemWriter problems)
      throws Exception {
    http.securityMatcher(SecurityConfiguration::carriesCredentials)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .authorizeHttpRequests(
            auth -> byRole(auth.requestMatchers(PUBLIC_PATHS).permitAll()).anyRequest().authenticated())
        .exceptionHandling(
            e -> e.authenticationEntryPoint(unauthenticated(problems, true))
                .accessDeniedHandler(forbidden(problems)))
        .headers(SecurityConfiguration::headers);
    if (jwtDecoder.getIfAvailable() != null) {
      http.oauth2ResourceServer(
          oauth ->
              oauth
                  .jwt(jwt -> jwt.jwtAuthenticationConverter(jwtRoles(properties.oidc())))
                  .authenticationEntryPoint(unauthenticated(problems, false)));
    } else {
      http.httpBasic(basic -> basic.authenticationEntryPoint(unauthenticated(problems, true)));
    }
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain browserSessions(HttpSecurity http, ProblemWriter problems) throws Exception {
    CsrfTokenRequestAttributeHandler csrfHandler = new CsrfTokenRequestAttributeHandler();
    // the console reads the token from the cookie and echoes it in X-XSRF-TOKEN
    csrfHandler.setCsrfRequestAttributeName(null);
    http.csrf(
            csrf ->
                csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                    .csrfTokenRequestHandler(csrfHandler)
                    .ignoringRequestMatchers("/api/partner/**"))
        .authorizeHttpRequests(
            auth -> byRole(auth.requestMatchers(PUBLIC_PATHS).permitAll()).anyRequest().authenticated())
        .formLogin(form -> form.loginPage("/login").permitAll())
        .logout(Customizer.withDefaults())
        .exceptionHandling(
            e ->
                e.defaultAuthenticationEntryPointFor(
                        unauthenticated(problems, false), request -> isApi(request))
                    .accessDeniedHandler(forbidden(problems)))
        .headers(SecurityConfiguration::headers);
    return http.build();
  }

  /** Staff roles that work user tasks. */
  static final String[] TASK_ROLES = {
    "CB_REVIEWER", "EVALUATOR", "TEST_LAB", "REVIEWER", "DECISION_COMMITTEE", "REGISTRY_ADMIN",
    "APPEALS", "OPERATOR"
  };

  /**
   * Role gates by path, before any body is read: a wrong role is refused before a large upload is
   * spooled or a body validated. The controllers' {@code @PreAuthorize} says the same again.
   */
  private static org.springframework.security.config.annotation.web.configurers
          .AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry
      byRole(
          org.springframework.security.config.annotation.web.configurers
                  .AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry
              auth) {
    return auth.requestMatchers("/api/applications", "/api/applications/**", "/api/cases/**")
        .hasRole("APPLICANT")
        .requestMatchers("/api/tasks", "/api/tasks/**").hasAnyRole(TASK_ROLES)
        .requestMatchers("/api/operations/**").hasRole("OPERATOR")
        .requestMatchers("/api/models", "/api/models/**").hasRole("PROGRAM_MANAGER");
  }

  private static void headers(
      org.springframework.security.config.annotation.web.configurers.HeadersConfigurer<HttpSecurity>
          headers) {
    headers
        .contentSecurityPolicy(
            csp ->
                csp.policyDirectives(
                    "default-src 'self'; img-src 'self' data:; font-src 'self' data:; style-src 'self' 'unsafe-inline';"
                        + " frame-ancestors 'none'; form-action 'self'; base-uri 'self'"))
        .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
        .frameOptions(f -> f.deny());
  }

  static boolean carriesCredentials(HttpServletRequest request) {
    return request.getHeader("Authorization") != null;
  }

  private static boolean isApi(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.startsWith("/api/") || path.startsWith("/actuator/");
  }

  private static AuthenticationEntryPoint unauthenticated(ProblemWriter problems, boolean basic) {
    return (request, response, ex) -> {
      if (basic) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"ExportCert\"");
      }
      problems.write(
          request,
          response,
          ProblemWriter.problem(
              HttpStatus.UNAUTHORIZED,
              ProblemTypes.UNAUTHENTICATED,
              "Authentication required",
              problems.text(request, "problem.unauthenticated.detail",
                  "Sign in, or send valid credentials in the Authorization header.")));
    };
  }

  /**
   * 403 for a signed-in caller whose role does not fit. An API caller who is not signed in at all
   * gets 401 even where the CSRF check refused the request first (an anonymous POST or PUT), so a
   * client learns to authenticate rather than that it lacks a role. The sign-in form itself keeps
   * its 403 for a missing token: that is a forged sign-in, not a missing one.
   */
  private static AccessDeniedHandler forbidden(ProblemWriter problems) {
    AuthenticationEntryPoint unauthenticated = unauthenticated(problems, false);
    return (request, response, ex) -> {
      if (ex instanceof CsrfException && !signedIn() && isApi(request)) {
        unauthenticated.commence(request, response, null);
        return;
      }
      problems.write(
            request,
            response,
            ProblemWriter.problem(
                HttpStatus.FORBIDDEN,
                ProblemTypes.FORBIDDEN,
                "Forbidden",
                problems.text(request, "problem.forbidden.detail", "Your role does not allow this request.")));
    };
  }

  private static boolean signedIn() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication != null && authentication.isAuthenticated()
        && !(authentication instanceof AnonymousAuthenticationToken);
  }

  /** Roles from a configurable (dotted) claim, as OIDC providers nest them differently. */
  static JwtAuthenticationConverter jwtRoles(SecurityProperties.Oidc oidc) {
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(jwt -> authorities(jwt, oidc.rolesClaim()));
    return converter;
  }

  static Collection<GrantedAuthority> authorities(Jwt jwt, String claimPath) {
    Object node = jwt.getClaims();
    for (String part : claimPath.split("\\.")) {
      node = node instanceof Map<?, ?> map ? map.get(part) : null;
    }
    List<GrantedAuthority> authorities = new ArrayList<>();
    if (node instanceof Collection<?> values) {
      for (Object value : values) {
        Role.parse(String.valueOf(value))
            .ifPresent(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
      }
    }
    return authorities;
  }
}

package org.exportcert.api.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The console's pages, scripts and styles are static and hold no data, so everyone may load them;
 * every datum comes from the API, whose own chains check who asks. Read-only and stateless here:
 * no session is created and nothing is posted to these paths.
 */
@Configuration(proxyBeanMethods = false)
class ConsolePagesSecurity {

  static final String[] PAGES = {"/", "/index.html", "/console/**", "/vendor/**"};

  @Bean
  @Order(0)
  SecurityFilterChain consolePages(HttpSecurity http) throws Exception {
    http.securityMatcher(PAGES)
        .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .headers(headers -> headers
            // same policy as the API chains: scripts only from the application itself
            .contentSecurityPolicy(csp -> csp.policyDirectives(
                "default-src 'self'; img-src 'self' data:; font-src 'self' data:; style-src 'self' 'unsafe-inline';"
                    + " frame-ancestors 'none'; form-action 'self'; base-uri 'self'"))
            .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
            .frameOptions(f -> f.deny()));
    return http.build();
  }
}

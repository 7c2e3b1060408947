package org.ketaminefhir.adapter.api.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.ketaminefhir.adapter.api.ErrorPageProblems;
import org.ketaminefhir.adapter.api.Problems;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what (docs/interface.md, REST API), in one table. Stateless: every request carries its key, so there
 * is no session, no cookie and so no CSRF to defend. Only the probes and the dashboard's static files
 * (which hold no data; the dashboard logs in with a key and calls the API) are anonymous.
 */
@Configuration
@EnableConfigurationProperties(ApiKeyProperties.class)
class SecurityConfig {

    private record Rule(HttpMethod method, String pattern, Role role, RequestMatcher matcher) {
        Rule(HttpMethod method, String pattern, Role role) {
            this(method, pattern, role, PathPatternRequestMatcher.withDefaults().matcher(method, pattern));
        }
    }

    /** First match wins; {@code null} role = anonymous. */
    private static final List<Rule> RULES = List.of(
            new Rule(HttpMethod.GET, "/actuator/health", null),
            new Rule(HttpMethod.GET, "/actuator/health/liveness", null),
            new Rule(HttpMethod.GET, "/actuator/health/readiness", null),
            new Rule(HttpMethod.GET, "/", null),
            new Rule(HttpMethod.GET, "/dashboard/**", null),
            new Rule(HttpMethod.POST, "/api/v1/records", Role.SUBMITTER),
            new Rule(HttpMethod.POST, "/api/v1/convert", Role.SUBMITTER),
            new Rule(HttpMethod.POST, "/api/v1/records/*/*/reveal-mrn", Role.ADMIN),
            new Rule(HttpMethod.GET, "/api/v1/records/**", Role.OPERATOR),
            new Rule(HttpMethod.GET, "/api/v1/records", Role.OPERATOR),
            new Rule(HttpMethod.GET, "/api/v1/dead-letters/**", Role.OPERATOR),
            new Rule(HttpMethod.POST, "/api/v1/dead-letters/*/replay", Role.OPERATOR),
            new Rule(HttpMethod.GET, "/api/v1/overview", Role.OPERATOR),
            new Rule(HttpMethod.GET, "/api/v1/audit", Role.OPERATOR),
            new Rule(HttpMethod.GET, "/actuator/**", Role.OPERATOR));

    @Bean
    ApiKeys apiKeys(ApiKeyProperties properties) {
        return ApiKeys.load(properties);
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys keys, ObjectMapper json) throws Exception {
        AuthProblems problems = new AuthProblems(json);
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> {})
                .headers(headers -> headers.contentSecurityPolicy(
                        csp -> csp.policyDirectives("default-src 'self'; frame-ancestors 'none'; form-action 'self'")))
                .addFilterBefore(new ApiKeyFilter(keys), AuthorizationFilter.class)
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(authorize -> {
                    // an error page rendered for a request that already passed (or failed) these rules
                    authorize
                            .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD)
                            .permitAll();
                    for (Rule rule : RULES) {
                        if (rule.role() == null) {
                            authorize.requestMatchers(rule.matcher()).permitAll();
                        } else {
                            authorize
                                    .requestMatchers(rule.matcher())
                                    .hasRole(rule.role().name());
                        }
                    }
                    authorize.anyRequest().authenticated();
                });
        return http.build();
    }

    /**
     * A request the firewall refuses (TRACE, an encoded "..", a ";" in the path): answered here as
     * problem+json, because the error page it would otherwise reach goes through the same firewall.
     */
    @Bean
    RequestRejectedHandler requestRejected(ObjectMapper json) {
        return (request, response, rejected) -> {
            ProblemDetail problem = ErrorPageProblems.problem(HttpStatusCode.valueOf(400));
            problem.setDetail(
                    "the adapter's firewall refuses this method or path (TRACE, encoded or '..' segments, ';' or '//')");
            Problems.write(response, json, problem, null);
        };
    }

    /** For a 403: which role the request needed. */
    static String rolesFor(HttpServletRequest request) {
        return RULES.stream()
                .filter(rule -> rule.matcher().matches(request) && rule.role() != null)
                .findFirst()
                .map(rule -> rule.role() == Role.ADMIN
                        ? "it needs the admin role"
                        : "it needs the " + rule.role().wireName() + " or admin role")
                .orElse("no role may");
    }
}

package com.topsteel.provisioning.gateway.security;

import jakarta.servlet.DispatcherType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;

import com.topsteel.provisioning.gateway.web.ProblemResponses;

import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code /api/**} call needs a bearer API key; destroy, retry and manual status changes
 * need the OPS role (a client may back up and restore its own sociétés), as does the ops API. Health, Prometheus, the ops page's and the console's static
 * files and the API docs stay open, the other actuator endpoints are OPS only. Refusals are problem+json like
 * every other error.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String CLIENT = ApiRole.CLIENT.name();
    private static final String OPS = ApiRole.OPS.name();

    @Bean
    ApiKeys apiKeys(ApiKeySettings settings) {
        return new ApiKeys(settings, new BCryptPasswordEncoder());
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys keys, JsonMapper json) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, failure) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            ProblemResponses.write(response, json, HttpStatus.UNAUTHORIZED, "Authentication required",
                    "Send a valid API key as 'Authorization: Bearer <key>'");
        };
        AccessDeniedHandler forbidden = (request, response, denied) -> ProblemResponses.write(response, json,
                HttpStatus.FORBIDDEN, "Forbidden", "This API key's role may not do this");
        return http
                // security headers written before the request goes on: written after it, they raced the
                // thread that sends an SSE stream's first event (Tomcat's header table is not thread-safe)
                .headers(headers -> headers.addObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                    @Override
                    public <O extends HeaderWriterFilter> O postProcess(O filter) {
                        filter.setShouldWriteHeadersEagerly(true);
                        return filter;
                    }
                }))
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, unauthorized), AnonymousAuthenticationFilter.class)
                .exceptionHandling(handling -> handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .authorizeHttpRequests(authorize -> authorize
                        // the request was authorized before it went async (SSE) or failed
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        // probes and Prometheus scrapers carry no key; neither shows secrets nor société codes
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/error").permitAll()
                        .requestMatchers("/actuator/**").hasRole(OPS)
                        // the ops page, the console and the API docs hold no data; every call they make needs a key
                        .requestMatchers("/ops", "/ops/**", "/console", "/console/**", "/v3/api-docs", "/v3/api-docs/**",
                                "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/api/ops/**").hasRole(OPS)
                        .requestMatchers(HttpMethod.POST, "/api/societes/provision-tenant").hasAnyRole(CLIENT, OPS)
                        // a client backs up and restores its own sociétés (another's are not found)
                        .requestMatchers(HttpMethod.POST, "/api/societes/*/backups", "/api/societes/*/restore")
                                .hasAnyRole(CLIENT, OPS)
                        .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(CLIENT, OPS)
                        .requestMatchers("/api/webhooks", "/api/webhooks/**").hasAnyRole(CLIENT, OPS)
                        .requestMatchers("/api/**").hasRole(OPS)
                        .anyRequest().denyAll())
                .build();
    }
}

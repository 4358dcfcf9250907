package com.topsteel.provisioning.gateway.web;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses, before anything reads them, requests the container or Spring would choke on and
 * answer 500: a query string that does not decode or holds text PostgreSQL cannot store (400
 * naming the parameter), and a Content-Type that is a wildcard such as {@code text/*} (415),
 * which Spring refuses to parse with an IllegalArgumentException.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class MalformedRequests extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(MalformedRequests.class);
    /** Methods whose body, and so whose Content-Type, nothing here reads. */
    private static final Set<String> BODILESS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final JsonMapper json;

    MalformedRequests(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<FieldProblem> query = QueryString.firstProblem(request.getQueryString())
                .or(() -> parsedByTomcat(request));
        if (query.isPresent()) {
            log.debug("Refused {} {}: {} {}", request.getMethod(), request.getRequestURI(), query.get().field(),
                    query.get().message());
            ProblemResponses.write(response, json, ProblemResponses.invalidRequest(List.of(query.get())));
            return;
        }
        if (!BODILESS.contains(request.getMethod()) && isWildcard(request.getContentType())) {
            log.debug("Refused {} {}: wildcard Content-Type", request.getMethod(), request.getRequestURI());
            response.setHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
            ProblemResponses.write(response, json, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
                    "The Content-Type must name one media type, application/json, not a wildcard");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Whatever else Tomcat's own parsing refuses (too many parameters), asked now rather than by
     * the first reader. A form body would be read with it: those are left to the 415 they get.
     */
    private static Optional<FieldProblem> parsedByTomcat(HttpServletRequest request) {
        String contentType = String.valueOf(request.getContentType()).toLowerCase(Locale.ROOT);
        if (contentType.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE) || contentType.startsWith("multipart/")) {
            return Optional.empty();
        }
        try {
            request.getParameterMap();
            return Optional.empty();
        } catch (IllegalStateException refused) {
            return Optional.of(new FieldProblem(QueryString.WHOLE_QUERY, "could not be read"));
        }
    }

    private static boolean isWildcard(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        } catch (InvalidMediaTypeException unreadable) {
            // Spring answers that one itself, 415 "Could not parse Content-Type"
            return false;
        }
    }
}

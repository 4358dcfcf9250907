package com.topsteel.provisioning.gateway.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import tools.jackson.databind.json.JsonMapper;

/**
 * problem+json: built here for everyone, and written straight to the response for the filters
 * that answer before any controller (authentication, body size, idempotency).
 */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static void write(HttpServletResponse response, JsonMapper json, HttpStatus status, String title, String detail)
            throws IOException {
        write(response, json, problem(status, title, detail));
    }

    /** The same, naming the field (or header) at fault. */
    public static void writeForField(HttpServletResponse response, JsonMapper json, HttpStatus status, String title,
            String field, String detail) throws IOException {
        ProblemDetail problem = problem(status, title, detail);
        problem.setProperty("errors", List.of(Map.of("field", field, "message", detail)));
        write(response, json, problem);
    }

    /** The one way a problem is built, whether a filter or ApiProblems answers. */
    public static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    private static void write(HttpServletResponse response, JsonMapper json, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}

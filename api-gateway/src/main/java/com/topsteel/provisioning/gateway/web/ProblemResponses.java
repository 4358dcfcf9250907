package com.topsteel.provisioning.gateway.web;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import tools.jackson.databind.json.JsonMapper;

/**
 * problem+json: built here for everyone, and written straight to the response for the filters
 * that answer before any controller (authentication, body size, malformed requests, idempotency).
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
        write(response, json, problem(status, title, detail, List.of(new FieldProblem(field, detail))));
    }

    /** The one way a problem is built, whether a filter or ApiProblems answers. */
    public static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail, List<FieldProblem> errors) {
        ProblemDetail problem = problem(status, title, detail);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    /** 400 naming every field at fault, in the detail and one by one in {@code errors}. */
    static ProblemDetail invalidRequest(List<FieldProblem> errors) {
        String fields = errors.stream().map(FieldProblem::field).distinct().collect(Collectors.joining(", "));
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "Invalid fields: " + fields, errors);
    }

    static void write(HttpServletResponse response, JsonMapper json, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}

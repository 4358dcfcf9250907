package com.topsteel.provisioning.gateway.web;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every failure leaves the API as RFC 9457 problem+json. Field problems carry
 * {@code errors: [{field, message}]} so a client can point at what to fix.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    record FieldProblem(String field, String message) {
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage(), List.of());
    }

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException e) {
        return invalidRequest(List.of(new FieldProblem(e.field(), e.getMessage())));
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        List<FieldProblem> errors = e.field() == null ? List.of() : List.of(new FieldProblem(e.field(), e.getMessage()));
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage(), errors);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.isBindingFailure() ? invalidValue(error.getField(), error.getRejectedValue())
                        : new FieldProblem(error.getField(), error.getDefaultMessage()))
                .sorted(Comparator.comparing(FieldProblem::field))
                .toList();
        return ResponseEntity.badRequest().body(invalidRequest(errors));
    }

    /** A query parameter or path variable of the wrong type ({@code page=abc}, an unknown status). */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : e.getPropertyName();
        return ResponseEntity.badRequest()
                .body(invalidRequest(List.of(invalidValue(name, e.getValue()))));
    }

    private static FieldProblem invalidValue(String field, Object value) {
        return new FieldProblem(field, "has an invalid value '" + value + "'");
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldProblem(
                                error instanceof FieldError fieldError ? fieldError.getField()
                                        : result.getMethodParameter().getParameterName(),
                                error.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(invalidRequest(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(HttpStatus.CONTENT_TOO_LARGE,
                        "Request body too large", tooLarge.getMessage(), List.of()));
            }
        }
        List<FieldProblem> errors = List.of();
        if (e.getMostSpecificCause() instanceof UnrecognizedPropertyException unknown) {
            errors = List.of(new FieldProblem(unknown.getPropertyName(), "is not a known field"));
        } else if (e.getMostSpecificCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            String field = databind.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null ? reference.getPropertyName()
                            : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            errors = List.of(new FieldProblem(field, "has a value of the wrong type or format"));
        }
        String detail = errors.isEmpty() ? "The request body is not valid JSON" : "The request body has invalid fields";
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid request", detail, errors));
    }

    private static ProblemDetail invalidRequest(List<FieldProblem> errors) {
        String fields = errors.stream().map(FieldProblem::field).distinct().collect(Collectors.joining(", "));
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "Invalid fields: " + fields, errors);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail, List<FieldProblem> errors) {
        ProblemDetail problem = ProblemResponses.problem(status, title, detail);
        if (!errors.isEmpty()) {
            problem.setProperties(Map.of("errors", errors));
        }
        return problem;
    }
}

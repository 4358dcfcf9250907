package com.topsteel.provisioning.gateway.web;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.topsteel.provisioning.jobs.JobConflictException;
import com.topsteel.provisioning.jobs.upgrade.CampaignConflictException;
import com.topsteel.provisioning.jobs.upgrade.CampaignNotFoundException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every failure leaves the API as RFC 9457 problem+json, whatever the request's Accept says (an
 * Accept Spring cannot parse would otherwise leave the answer without a body). Field problems
 * carry {@code errors: [{field, message}]} so a client can point at what to fix.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);
    /** A refused value is quoted back up to this length: enough to recognise it, not a mirror for a megabyte. */
    private static final int QUOTED_VALUE_MAX = 100;

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Object> notFound(NotFoundException e) {
        return answer(ProblemResponses.problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage()));
    }

    @ExceptionHandler(InvalidFieldException.class)
    ResponseEntity<Object> invalidField(InvalidFieldException e) {
        return answer(ProblemResponses.invalidRequest(List.of(new FieldProblem(e.field(), e.getMessage()))));
    }

    @ExceptionHandler(UnprocessableFieldException.class)
    ResponseEntity<Object> unprocessable(UnprocessableFieldException e) {
        return answer(ProblemResponses.problem(HttpStatus.UNPROCESSABLE_CONTENT, "Unprocessable request", e.getMessage(),
                List.of(new FieldProblem(e.field(), e.getMessage()))));
    }

    @ExceptionHandler(ForbiddenFieldException.class)
    ResponseEntity<Object> forbiddenField(ForbiddenFieldException e) {
        return answer(ProblemResponses.problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage(),
                List.of(new FieldProblem(e.field(), e.getMessage()))));
    }

    /** Not a burst to retry in a second, as {@link #busy} is: capacity comes back when an operator adds it. */
    @ExceptionHandler(NoCapacityException.class)
    ResponseEntity<Object> noCapacity(NoCapacityException e) {
        List<FieldProblem> errors = e.field() == null ? List.of() : List.of(new FieldProblem(e.field(), e.getMessage()));
        return answer(ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "No capacity", e.getMessage(), errors));
    }

    @ExceptionHandler(CampaignNotFoundException.class)
    ResponseEntity<Object> campaignNotFound(CampaignNotFoundException e) {
        return answer(ProblemResponses.problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage()));
    }

    /** Another campaign holds the fleet, or this one cannot do that in its state. */
    @ExceptionHandler(CampaignConflictException.class)
    ResponseEntity<Object> campaignConflict(CampaignConflictException e) {
        return conflict(null, e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<Object> conflict(ConflictException e) {
        return conflict(e.field(), e.getMessage());
    }

    /** Another job of the société queued or running, or a retry of a job that is not FAILED. */
    @ExceptionHandler(JobConflictException.class)
    ResponseEntity<Object> jobConflict(JobConflictException e) {
        return conflict(e.field(), e.getMessage());
    }

    private static ResponseEntity<Object> conflict(String field, String message) {
        List<FieldProblem> errors = field == null ? List.of() : List.of(new FieldProblem(field, message));
        return answer(ProblemResponses.problem(HttpStatus.CONFLICT, "Conflict", message, errors));
    }

    /** Spring's own problems (404, 405, 406, 415, …) leave the same way as ours. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        HttpHeaders withType = new HttpHeaders();
        withType.putAll(headers);
        withType.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, withType, statusCode);
    }

    /** With its type set, the answer is written as problem+json without asking Accept. */
    private static ResponseEntity<Object> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Seconds a client waits before trying again a request the gateway was too busy for. */
    static final String RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler(ServiceBusyException.class)
    ResponseEntity<Object> busy(ServiceBusyException e) {
        return serviceUnavailable(e.getMessage());
    }

    /** Every pooled connection taken for longer than the pool's wait: a burst, not a fault; the client retries. */
    @ExceptionHandler(CannotGetJdbcConnectionException.class)
    ResponseEntity<Object> poolExhausted(CannotGetJdbcConnectionException e) {
        log.warn("No database connection free in time: {}", e.getMostSpecificCause().toString());
        return serviceUnavailable("The gateway is busy; try again in a moment");
    }

    private static ResponseEntity<Object> serviceUnavailable(String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "Service busy", detail));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.isBindingFailure() ? invalidValue(error.getField(), error.getRejectedValue())
                        : new FieldProblem(error.getField(), error.getDefaultMessage()))
                .sorted(Comparator.comparing(FieldProblem::field))
                .toList();
        return answer(ProblemResponses.invalidRequest(errors));
    }

    /** A query parameter or path variable of the wrong type ({@code page=abc}, an unknown status). */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : e.getPropertyName();
        return answer(ProblemResponses.invalidRequest(List.of(invalidValue(name, e.getValue()))));
    }

    static FieldProblem invalidValue(String field, Object value) {
        String text = String.valueOf(value);
        if (!StorableText.isStorable(text)) {
            // a NUL or a broken surrogate is what the client must not send: not echoed back to it
            return new FieldProblem(field, "has an invalid value");
        }
        String quoted = text.length() > QUOTED_VALUE_MAX ? text.substring(0, QUOTED_VALUE_MAX) + "…" : text;
        return new FieldProblem(field, "has an invalid value '" + quoted + "'");
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
        return answer(ProblemResponses.invalidRequest(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.BodyTooLargeException tooLarge) {
                return answer(ProblemResponses.problem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
                        tooLarge.getMessage()));
            }
            if (cause instanceof RequestBodyLimit.BodyTooSlowException tooSlow) {
                return ResponseEntity.status(HttpStatus.REQUEST_TIMEOUT).header(HttpHeaders.CONNECTION, "close")
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(ProblemResponses.problem(HttpStatus.REQUEST_TIMEOUT, "Request body too slow", tooSlow.getMessage()));
            }
        }
        List<FieldProblem> errors = bodyProblem(e).map(List::of).orElse(List.of());
        String detail = errors.isEmpty() ? "The request body is not valid JSON" : "The request body has invalid fields";
        return answer(ProblemResponses.problem(HttpStatus.BAD_REQUEST, "Invalid request", detail, errors));
    }

    /** The field a JSON reading failure is about, when the failure has a place in the body. */
    static Optional<FieldProblem> bodyProblem(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson) {
                Optional<String> duplicate = duplicateName(jackson);
                if (duplicate.isPresent()) {
                    String parent = path(jackson);
                    return Optional.of(new FieldProblem(parent.isEmpty() ? duplicate.get() : parent + "." + duplicate.get(),
                            "appears more than once"));
                }
                if (!jackson.getPath().isEmpty()) {
                    return Optional.of(new FieldProblem(path(jackson), message(jackson)));
                }
            }
        }
        return Optional.empty();
    }

    /** The parser stops on the second occurrence of a key, before any deserializer adds it to the path. */
    private static Optional<String> duplicateName(JacksonException failure) {
        if (failure instanceof StreamReadException && failure.getOriginalMessage().startsWith("Duplicate Object property")
                && failure.processor() instanceof JsonParser parser && parser.streamReadContext() != null) {
            return Optional.ofNullable(parser.streamReadContext().currentName());
        }
        return Optional.empty();
    }

    private static String path(JacksonException failure) {
        return failure.getPath().stream()
                .map(reference -> reference.getPropertyName() != null ? reference.getPropertyName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String message(JacksonException failure) {
        return failure instanceof UnrecognizedPropertyException ? "is not a known field"
                : "has a value of the wrong type or format";
    }

    /** A client's mistake, not ours: without the WARN line the base class writes for it. */
    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        log.debug("Refused {}", e.getMessage());
        return handleExceptionInternal(e, null, headers, status, request);
    }
}

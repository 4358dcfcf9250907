package com.topsteel.provisioning.gateway.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.json.JsonMapper;

/**
 * The container's error page ({@code /error}) as problem+json, in place of Boot's JSON or HTML:
 * what ends there was refused or failed outside any controller, by Spring Security's firewall
 * ({@code //}, {@code %25}, an unknown method), a filter's {@code sendError}, or an exception no
 * handler took. The exception itself is not shown; one that escaped was logged where it escaped.
 */
@RestController
class ErrorPageProblems implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ErrorPageProblems.class);

    private final JsonMapper json;

    ErrorPageProblems(JsonMapper json) {
        this.json = json;
    }

    @RequestMapping("${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // asked for by name rather than forwarded to: there is no such resource
        HttpStatus status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                ? HttpStatus.resolve(code) : HttpStatus.NOT_FOUND;
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        if (status.is4xxClientError()) {
            log.debug("Refused {} {} with {}", request.getMethod(),
                    request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), status.value());
        }
        ProblemResponses.write(response, json, status, status.getReasonPhrase(), detail(status));
    }

    static String detail(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "The request's URL, headers or encoding could not be read";
            case NOT_FOUND -> "No such resource";
            default -> status.is5xxServerError() ? "The server could not complete the request" : status.getReasonPhrase();
        };
    }
}

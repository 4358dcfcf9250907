package com.topsteel.provisioning.gateway.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies over {@code provisioning.api.max-body-size} with 413: at once when the
 * declared length says so, while reading when a chunked body grows past it. A body that takes
 * longer than {@code provisioning.api.max-body-read-time} to arrive is refused with 408: a client
 * trickling its bytes holds one of the API's threads for that long at most.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestBodyLimit extends OncePerRequestFilter {

    @ConfigurationProperties("provisioning.api")
    record ApiSettings(@DefaultValue("64KB") DataSize maxBodySize, @DefaultValue("10s") Duration maxBodyReadTime) {
    }

    /** Thrown while reading a body that outgrew the limit; answered 413 by {@link ApiProblems}. */
    static class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super("request body larger than " + limit + " bytes");
        }
    }

    /** Thrown while reading a body that arrives too slowly; answered 408 by {@link ApiProblems}. */
    static class BodyTooSlowException extends IOException {
        BodyTooSlowException(Duration limit) {
            super("request body not received within " + limit.toMillis() + " ms");
        }
    }

    private final long limit;
    private final Duration readTime;
    private final JsonMapper json;

    RequestBodyLimit(ApiSettings settings, JsonMapper json) {
        this.limit = settings.maxBodySize().toBytes();
        this.readTime = settings.maxBodyReadTime();
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            tooLarge(response);
            return;
        }
        try {
            chain.doFilter(new LimitedRequest(request, limit, System.nanoTime() + readTime.toNanos(), readTime), response);
        } catch (BodyTooLargeException | BodyTooSlowException refused) {
            // read by a later filter (idempotency), not by MVC, whose own reading ApiProblems answers
            if (response.isCommitted()) {
                throw refused;
            }
            response.reset();
            if (refused instanceof BodyTooLargeException) {
                tooLarge(response);
            } else {
                tooSlow(response);
            }
        }
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        ProblemResponses.write(response, json, HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
                "The request body is larger than " + limit + " bytes");
    }

    private void tooSlow(HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.CONNECTION, "close");
        ProblemResponses.write(response, json, HttpStatus.REQUEST_TIMEOUT, "Request body too slow",
                "The request body did not arrive within " + readTime.toMillis() + " ms");
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private final long deadlineNanos;
        private final Duration readTime;
        private ServletInputStream limited;

        LimitedRequest(HttpServletRequest request, long limit, long deadlineNanos, Duration readTime) {
            super(request);
            this.limit = limit;
            this.deadlineNanos = deadlineNanos;
            this.readTime = readTime;
        }

        /** Each read waits at most the connector's timeout; this bounds them all together. */
        private void requireInTime() throws BodyTooSlowException {
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new BodyTooSlowException(readTime);
            }
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                ServletInputStream body = super.getInputStream();
                limited = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int next = body.read();
                        requireInTime();
                        if (next >= 0 && ++read > limit) {
                            throw new BodyTooLargeException(limit);
                        }
                        return next;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int count = body.read(buffer, offset, length);
                        requireInTime();
                        if (count > 0 && (read += count) > limit) {
                            throw new BodyTooLargeException(limit);
                        }
                        return count;
                    }

                    @Override
                    public boolean isFinished() {
                        return body.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return body.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        body.setReadListener(listener);
                    }
                };
            }
            return limited;
        }
    }
}

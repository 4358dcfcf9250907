package com.topsteel.provisioning.gateway.idempotency;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import com.topsteel.provisioning.gateway.web.ProblemResponses;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on POST, as in the IETF draft: the first request with a key runs and
 * its response is stored; a repeat with the same body gets that response again (and creates
 * nothing), a repeat with another body gets 422, a repeat while the first is still running gets
 * 409. Keys belong to the client that used them and expire after
 * {@code provisioning.idempotency.retention}. A response of 500 or more releases the key.
 */
@Component
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 255;
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final IdempotencyKeys keys;
    private final JsonMapper json;

    IdempotencyFilter(IdempotencyKeys keys, JsonMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
                || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER).strip();
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            ProblemResponses.writeForField(response, json, HttpStatus.BAD_REQUEST, "Invalid Idempotency-Key", HEADER,
                    "The Idempotency-Key header must have 1 to " + MAX_KEY_LENGTH + " characters");
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        String client = Optional.ofNullable(request.getUserPrincipal()).map(Principal::getName).orElse("");
        String fingerprint = fingerprint(request, body);

        if (!keys.claim(client, key, fingerprint)) {
            answerRepeat(response, keys.find(client, key).orElse(null), fingerprint, key);
            return;
        }
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        try {
            chain.doFilter(new ReplayedBodyRequest(request, body), recorded);
            if (recorded.getStatus() < 500) {
                keys.complete(client, key, recorded.getStatus(), recorded.getContentType(),
                        recorded.getHeader(HttpHeaders.LOCATION),
                        new String(recorded.getContentAsByteArray(), StandardCharsets.UTF_8));
                stored = true;
            }
        } finally {
            if (!stored) {
                keys.release(client, key);
            }
            recorded.copyBodyToResponse();
        }
    }

    private void answerRepeat(HttpServletResponse response, IdempotencyKeys.StoredKey stored, String fingerprint,
            String key) throws IOException {
        if (stored == null) {
            // released or expired between our claim and our read: the client may simply send it again
            ProblemResponses.writeForField(response, json, HttpStatus.CONFLICT, "Idempotency-Key in use", HEADER,
                    "Retry the request");
        } else if (!stored.fingerprint().equals(fingerprint)) {
            ProblemResponses.writeForField(response, json, HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused", HEADER,
                    "This Idempotency-Key was used with a different request");
        } else if (!stored.completed()) {
            ProblemResponses.writeForField(response, json, HttpStatus.CONFLICT, "Request in progress", HEADER,
                    "A request with this Idempotency-Key is still being processed");
        } else {
            log.info("Replaying the response stored for Idempotency-Key {}", key);
            response.setStatus(stored.responseStatus());
            if (stored.responseType() != null) {
                response.setContentType(stored.responseType());
            }
            if (stored.responseLocation() != null) {
                response.setHeader(HttpHeaders.LOCATION, stored.responseLocation());
            }
            response.setHeader("Idempotent-Replayed", "true");
            response.getOutputStream().write(stored.responseBody().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((request.getMethod() + " " + request.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body was read to fingerprint it; the handler reads it again from here. */
    private static final class ReplayedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        ReplayedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }
    }
}

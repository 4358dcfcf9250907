package com.topsteel.provisioning.systemtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the gateway, as any client would use it. */
final class Api {

    record Response(int status, String contentType, String location, JsonNode body, HttpHeaders headers) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED");

    static final String OPS_KEY = "topsteel-dev-ops-key";
    static final String CLIENT_KEY = "topsteel-dev-client-key";
    static final String OTHER_CLIENT_KEY = "test-other-client-key";

    private final String baseUrl;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A client holding the development OPS key, which may do everything. */
    Api(String baseUrl) {
        this(baseUrl, OPS_KEY);
    }

    private Api(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    /** The same API as seen with another key, or with none when {@code apiKey} is null. */
    Api as(String apiKey) {
        return new Api(baseUrl, apiKey);
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    Response post(String path, String json) {
        return post(path, json, Map.of());
    }

    Response post(String path, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return send(request);
    }

    /** A body sent chunked, without a declared length. */
    Response postChunked(String path, byte[] body) {
        return postChunked(path, body, Map.of());
    }

    Response postChunked(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)));
        headers.forEach(request::header);
        return send(request);
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    Response patch(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    Response put(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    Response provision(String json) {
        return post("/api/societes/provision-tenant", json);
    }

    /** Polls the job until it shows {@code status}, and returns it as it was then. */
    JsonNode awaitStatus(String jobId, String status, Duration timeout) {
        JsonNode job = Eventually.await("job " + jobId + " " + status, timeout, () -> get("/api/jobs/" + jobId).body(),
                seen -> status.equals(seen.path("status").asString()) || FINISHED.contains(seen.path("status").asString()));
        if (!status.equals(job.path("status").asString())) {
            throw new AssertionError("job " + jobId + " finished without showing " + status + ": " + job);
        }
        return job;
    }

    /** Polls the job, as a client would, until it has finished. */
    JsonNode awaitFinished(String jobId, Duration timeout) {
        return Eventually.await("job " + jobId + " finished", timeout, () -> get("/api/jobs/" + jobId).body(),
                job -> FINISHED.contains(job.path("status").asString()));
    }

    private Response send(HttpRequest.Builder request) {
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            // a page (the ops page, the API docs' UI) has a status worth checking but no JSON to read
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            return new Response(response.statusCode(), contentType,
                    response.headers().firstValue("Location").orElse(null),
                    body == null || body.isBlank() || !contentType.contains("json") ? JSON.missingNode() : JSON.readTree(body),
                    response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

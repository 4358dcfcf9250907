package com.topsteel.provisioning.systemtest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP receiver on 127.0.0.1 that records every webhook and answers as each path is told to. */
final class WebhookReceiver implements AutoCloseable {

    record Received(String path, Map<String, List<String>> headers, String body, JsonNode json) {

        String header(String name) {
            return headers.getOrDefault(name, List.of("")).get(0);
        }

        String jobId() {
            return json.path("data").path("job").path("id").asString();
        }

        String type() {
            return json.path("type").asString();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Received, Integer>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attemptsByWebhookId = new ConcurrentHashMap<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Map<String, List<String>> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Received request = new Received(exchange.getRequestURI().getPath(), headers, body, JSON.readTree(body));
            received.add(request);
            int status = answers.getOrDefault(request.path(), any -> 200).apply(request);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void answer(String path, Function<Received, Integer> status) {
        answers.put(path, status);
    }

    /** Fails the first {@code failures} attempts of every message, then accepts it. */
    void failFirstAttempts(String path, int failures) {
        answer(path, request -> attemptsByWebhookId.computeIfAbsent(request.header("webhook-id"), id -> new AtomicInteger())
                .incrementAndGet() <= failures ? 500 : 204);
    }

    List<Received> forJob(String path, String jobId) {
        List<Received> matching = new ArrayList<>();
        for (Received request : received) {
            if (request.path().equals(path) && request.jobId().equals(jobId)) {
                matching.add(request);
            }
        }
        return matching;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package com.topsteel.provisioning.worker.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.topsteel.provisioning.infrastructure.webhooks.WebhookTarget;
import com.topsteel.provisioning.infrastructure.webhooks.WebhookUrlPolicy;

import io.micrometer.observation.ObservationRegistry;

/**
 * Posts reach the address the URL policy checked, whatever the host resolves to afterwards.
 * Receivers are real HTTP servers on loopback; the host name is answered by a scripted resolver
 * and allow-listed, as loopback would otherwise be refused.
 */
class ReceiverClientTest {

    private record Received(String host, Map<String, List<String>> headers, String body) {
    }

    private static final String HOST = "hooks.example";
    private static final byte[] BODY = "{\"type\":\"job.succeeded\"}".getBytes(StandardCharsets.UTF_8);

    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private final ReceiverClient client = new ReceiverClient(Duration.ofSeconds(2), ObservationRegistry.NOOP);

    @AfterEach
    void stopServers() {
        handlers.shutdownNow();
        servers.forEach(server -> server.stop(0));
    }

    @Test
    void posts_to_the_checked_address_even_when_the_host_now_resolves_elsewhere() throws Exception {
        List<Received> checked = new CopyOnWriteArrayList<>();
        HttpServer checkedServer = server("127.0.0.1", 0, recording(checked, 204));
        int port = checkedServer.getAddress().getPort();
        List<Received> rebound = new CopyOnWriteArrayList<>();
        server("127.0.0.2", port, recording(rebound, 204));
        WebhookTarget target = rebindingPolicy("127.0.0.1", "127.0.0.2").target("http://" + HOST + ":" + port + "/hook");

        ReceiverClient.Answer answer = client.post(target, Map.of("webhook-id", "msg_1"), BODY);

        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(rebound).isEmpty();
        assertThat(checked).singleElement().satisfies(received -> {
            assertThat(received.host()).isEqualTo(HOST + ":" + port);
            assertThat(received.headers().get("Webhook-id")).containsExactly("msg_1");
            assertThat(received.headers().get("Content-type")).containsExactly("application/json");
            assertThat(received.body()).isEqualTo(new String(BODY, StandardCharsets.UTF_8));
        });
        assertThat(lookups).as("the host is resolved once, by the URL policy").containsExactly(HOST);
    }

    @Test
    void a_redirect_is_the_answer_and_is_not_followed() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer server = server("127.0.0.1", 0, exchange -> {
            received.add(read(exchange));
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });

        ReceiverClient.Answer answer = client.post(target(server), Map.of(), BODY);

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(received).hasSize(1);
    }

    @Test
    void retry_after_comes_back_with_the_status() throws Exception {
        HttpServer server = server("127.0.0.1", 0, exchange -> {
            read(exchange);
            exchange.getResponseHeaders().add("Retry-After", "120");
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });

        assertThat(client.post(target(server), Map.of(), BODY)).isEqualTo(new ReceiverClient.Answer(503, Optional.of("120")));
    }

    @Test
    void a_receiver_that_never_answers_costs_at_most_the_timeout() throws Exception {
        HttpServer server = server("127.0.0.1", 0, exchange -> sleep(Duration.ofSeconds(10)));
        ReceiverClient impatient = new ReceiverClient(Duration.ofMillis(300), ObservationRegistry.NOOP);

        long start = System.nanoTime();
        assertThatThrownBy(() -> impatient.post(target(server), Map.of(), BODY)).isInstanceOf(SocketTimeoutException.class);
        // far below the receiver's 10 s; the margin over 300 ms is for a first call on a loaded machine (3 s seen at load 20)
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a_body_dripping_after_the_status_does_not_hold_the_delivery() throws Exception {
        HttpServer server = server("127.0.0.1", 0, exchange -> {
            read(exchange);
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.flush();
            for (int i = 0; i < 50; i++) {
                body.write('x');
                body.flush();
                sleep(Duration.ofMillis(100));
            }
            exchange.close();
        });

        long start = System.nanoTime();
        assertThat(client.post(target(server), Map.of(), BODY).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void a_name_other_than_the_checked_host_does_not_resolve() throws Exception {
        CheckedAddresses resolver = new CheckedAddresses(new WebhookTarget(URI.create("https://Hooks.Example/x"),
                List.of(InetAddress.getByName("93.184.216.34"))));

        assertThat(resolver.resolve("hooks.example")).containsExactly(InetAddress.getByName("93.184.216.34"));
        assertThatThrownBy(() -> resolver.resolve("proxy.internal")).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void an_ipv6_host_is_matched_without_its_brackets() throws Exception {
        InetAddress address = InetAddress.getByName("2606:4700:4700::1111");
        CheckedAddresses resolver = new CheckedAddresses(new WebhookTarget(URI.create("https://[2606:4700:4700::1111]/x"),
                List.of(address)));

        assertThat(resolver.resolve("2606:4700:4700::1111")).containsExactly(address);
        assertThat(resolver.resolve("[2606:4700:4700::1111]")).containsExactly(address);
    }

    /** The host answers {@code first}, then {@code later} on every lookup after. */
    private WebhookUrlPolicy rebindingPolicy(String first, String later) {
        return new WebhookUrlPolicy(Set.of(HOST), host -> {
            lookups.add(host);
            return new InetAddress[] {InetAddress.getByName(lookups.size() == 1 ? first : later)};
        });
    }

    private WebhookTarget target(HttpServer server) throws Exception {
        return rebindingPolicy("127.0.0.1", "127.0.0.2").target("http://" + HOST + ":" + server.getAddress().getPort() + "/hook");
    }

    private HttpServer server(String address, int port, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
        server.createContext("/", handler);
        server.setExecutor(handlers);
        server.start();
        servers.add(server);
        return server;
    }

    private static HttpHandler recording(List<Received> received, int status) {
        return exchange -> {
            received.add(read(exchange));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        };
    }

    private static Received read(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        return new Received(exchange.getRequestHeaders().getFirst("Host"), Map.copyOf(exchange.getRequestHeaders()), body);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

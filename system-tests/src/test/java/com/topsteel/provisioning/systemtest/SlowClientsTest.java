package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Clients that announce a body and send it a byte at a time: an anonymous one is answered and
 * disconnected without the gateway waiting for the rest; an authenticated one holds a thread
 * for {@code provisioning.api.max-body-read-time} at most (3 s in the tests), then gets 408.
 * Meanwhile the API and health answer as usual.
 */
class SlowClientsTest extends SystemTest {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);

    @Test
    void anonymous_clients_trickling_their_bodies_are_answered_at_once_and_hold_nothing() throws Exception {
        long societes = db.count("select count(*) from societes");
        List<SlowSender> senders = new ArrayList<>();
        try {
            for (int i = 0; i < 230; i++) {
                senders.add(SlowSender.start(100_000, null));
            }
            assertApiAndHealthAnswerWithin(ANSWER_WITHIN);
            for (SlowSender sender : senders) {
                assertThat(sender.awaitStatus(Duration.ofSeconds(10))).isIn(401, 413);
                assertThat(sender.closedByServer(Duration.ofSeconds(10))).as("connection closed by the gateway").isTrue();
            }
        } finally {
            senders.forEach(SlowSender::close);
        }
        assertThat(db.count("select count(*) from societes")).isEqualTo(societes);
    }

    @Test
    void an_authenticated_client_trickling_its_body_gets_408_once_the_body_read_time_is_spent() throws Exception {
        long societes = db.count("select count(*) from societes");
        List<SlowSender> senders = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                senders.add(SlowSender.start(1_000, Api.OPS_KEY));
            }
            for (int second = 0; second < 6; second++) {
                Eventually.sleep(Duration.ofSeconds(1));
                senders.forEach(SlowSender::trickle);
                assertApiAndHealthAnswerWithin(ANSWER_WITHIN);
            }
            for (SlowSender sender : senders) {
                assertThat(sender.awaitStatus(Duration.ofSeconds(15))).isEqualTo(408);
                assertThat(sender.closedByServer(Duration.ofSeconds(10))).as("connection closed by the gateway").isTrue();
            }
        } finally {
            senders.forEach(SlowSender::close);
        }
        assertThat(db.count("select count(*) from societes")).isEqualTo(societes);
    }

    private static void assertApiAndHealthAnswerWithin(Duration limit) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (HttpRequest request : List.of(
                HttpRequest.newBuilder(URI.create(system.baseUrl() + "/api/societes?size=1"))
                        .header("Authorization", "Bearer " + Api.OPS_KEY).timeout(Duration.ofSeconds(30)).build(),
                HttpRequest.newBuilder(URI.create(system.gatewayManagementUrl() + "/actuator/health/liveness"))
                        .timeout(Duration.ofSeconds(30)).build())) {
            long start = System.nanoTime();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            assertThat(status).as(request.uri().toString()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(request.uri().toString()).isLessThan(limit);
        }
    }

    /** A provisioning request whose body comes one byte at a time, written by hand on a socket. */
    private static final class SlowSender implements AutoCloseable {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        private SlowSender(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = socket.getInputStream();
        }

        static SlowSender start(int announcedLength, String apiKey) throws IOException {
            URI api = URI.create(system.baseUrl());
            SlowSender sender = new SlowSender(new Socket(api.getHost(), api.getPort()));
            String head = "POST /api/societes/provision-tenant HTTP/1.1\r\n"
                    + "Host: " + api.getHost() + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + (apiKey == null ? "" : "Authorization: Bearer " + apiKey + "\r\n")
                    + "Content-Length: " + announcedLength + "\r\n\r\n{";
            sender.out.write(head.getBytes(StandardCharsets.US_ASCII));
            sender.out.flush();
            return sender;
        }

        void trickle() {
            try {
                out.write(' ');
                out.flush();
            } catch (IOException closedMeanwhile) {
                // the gateway gave up on it: what the test waits for
            }
        }

        int awaitStatus(Duration timeout) throws IOException {
            socket.setSoTimeout((int) timeout.toMillis());
            StringBuilder statusLine = new StringBuilder();
            for (int next; (next = in.read()) != -1 && next != '\n'; ) {
                statusLine.append((char) next);
            }
            String[] parts = statusLine.toString().split(" ");
            assertThat(parts.length).as("status line '%s'", statusLine).isGreaterThan(1);
            return Integer.parseInt(parts[1]);
        }

        /** Whether the gateway closes the connection once it has answered. */
        boolean closedByServer(Duration timeout) throws IOException {
            socket.setSoTimeout((int) timeout.toMillis());
            try {
                while (in.read() != -1) {
                    // the rest of the answer
                }
                return true;
            } catch (java.net.SocketTimeoutException stillOpen) {
                return false;
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}

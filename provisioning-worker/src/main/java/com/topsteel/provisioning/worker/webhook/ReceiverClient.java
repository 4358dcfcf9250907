package com.topsteel.provisioning.worker.webhook;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.config.Lookup;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

import com.topsteel.provisioning.infrastructure.webhooks.WebhookTarget;

import io.micrometer.core.instrument.binder.httpcomponents.hc5.ObservationExecChainHandler;
import io.micrometer.observation.ObservationRegistry;

/**
 * Posts a webhook over a connection to one of the addresses the URL policy checked, never to a
 * fresh resolution of the host; the host as the URL wrote it still names the receiver for TLS
 * (SNI and the certificate check) and the Host header. One client per post: its resolver knows
 * only that target, and no pooled connection outlives the check. Redirects are not followed and
 * nothing is retried here (the delivery schedule does that); the whole exchange, connection
 * included, is cut at the timeout.
 */
final class ReceiverClient {

    /** What the delivery needs from an answer: its status, and when to come back if it says. */
    record Answer(int statusCode, Optional<String> retryAfter) {
    }

    private static final ContentType JSON = ContentType.create("application/json");

    private final Duration timeout;
    private final Lookup<TlsSocketStrategy> tls;
    private final ObservationRegistry observations;

    /** @param observations observes each post: a client span, and {@code traceparent} sent to the receiver */
    ReceiverClient(Duration timeout, ObservationRegistry observations) {
        this.timeout = timeout;
        this.observations = observations;
        // the JVM's trust store and protocols, as the JDK client used; the host name is checked against the certificate
        this.tls = RegistryBuilder.<TlsSocketStrategy>create().register("https", DefaultClientTlsStrategy.createSystemDefault())
                .build();
    }

    Answer post(WebhookTarget target, Map<String, String> headers, byte[] json) throws IOException {
        HttpPost request = new HttpPost(target.url());
        headers.forEach(request::setHeader);
        request.setEntity(new ByteArrayEntity(json, JSON));
        CompletableFuture<Void> deadline = new CompletableFuture<Void>().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        deadline.exceptionally(late -> {
            request.cancel();
            return null;
        });
        try (CloseableHttpClient client = clientFor(target)) {
            // the response is not closed, as that would read a body nobody uses: closing the client drops the connection
            ClassicHttpResponse response = client.executeOpen(null, request, null);
            return new Answer(response.getCode(), Optional.ofNullable(response.getFirstHeader("Retry-After")).map(Header::getValue));
        } catch (IOException | RuntimeException e) {
            if (deadline.isCompletedExceptionally()) {
                // a request cancelled mid-way fails with whatever the step it was in throws
                throw new SocketTimeoutException("no answer within " + timeout.toMillis() + " ms");
            }
            throw e;
        } finally {
            deadline.complete(null);
        }
    }

    private CloseableHttpClient clientFor(WebhookTarget target) {
        Timeout each = Timeout.of(timeout);
        BasicHttpClientConnectionManager connections = BasicHttpClientConnectionManager.create(null, new CheckedAddresses(target),
                tls, null);
        connections.setConnectionConfig(ConnectionConfig.custom().setConnectTimeout(each).setSocketTimeout(each).build());
        // no proxy (no useSystemProperties): a proxy would resolve the host again, on its side
        return HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(each).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .addExecInterceptorLast("observation", new ObservationExecChainHandler(observations))
                .build();
    }
}

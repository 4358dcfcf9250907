package com.topsteel.provisioning.infrastructure.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/**
 * A URL that may receive webhooks, with the addresses its host resolved to when it was checked:
 * connect to one of these, never to a fresh resolution of the host (DNS rebinding).
 */
public record WebhookTarget(URI url, List<InetAddress> addresses) {

    public WebhookTarget {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a webhook target needs at least one checked address");
        }
    }

    /** The host as written in the URL (IPv6 in brackets): for TLS, certificates and the Host header. */
    public String host() {
        return url.getHost();
    }
}

package com.topsteel.provisioning.infrastructure.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where webhooks may be sent: http(s) URLs whose host resolves only to globally reachable
 * addresses (see {@link SpecialPurposeAddresses}); anything else could make the worker reach
 * into our own network for a caller (server-side request forgery). A host in the configured
 * allow-list skips the address check. Checked when a subscription is made and again before
 * every delivery, which then connects to the addresses checked, never resolving the host again.
 */
public final class WebhookUrlPolicy {

    /** A last label of digits or 0x-hex: the host is meant as an IPv4 address, however it is spelt. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(?i)(.*\\.)?([0-9]+|0x[0-9a-f]*)\\.?");
    private static final Pattern DOTTED_QUAD = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
            + "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");

    private final Set<String> allowedHosts;
    private final HostResolver resolver;

    public WebhookUrlPolicy(Set<String> allowedHosts) {
        this(allowedHosts, HostResolver.SYSTEM);
    }

    public WebhookUrlPolicy(Set<String> allowedHosts, HostResolver resolver) {
        this.allowedHosts = allowedHosts.stream().map(host -> host.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.resolver = resolver;
    }

    /** Why the URL may not receive webhooks, or empty when it may. */
    public Optional<String> problemWith(String url) {
        try {
            target(url);
            return Optional.empty();
        } catch (RefusedWebhookUrl refused) {
            return Optional.of(refused.reason());
        }
    }

    /** The URL with its host resolved once and every address checked: the only addresses to connect to. */
    public WebhookTarget target(String url) throws RefusedWebhookUrl {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new RefusedWebhookUrl("must be a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedWebhookUrl("must be an http or https URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new RefusedWebhookUrl("must name a host");
        }
        if (uri.getUserInfo() != null) {
            throw new RefusedWebhookUrl("must not carry credentials");
        }
        if (NUMERIC_HOST.matcher(host).matches() && !DOTTED_QUAD.matcher(host).matches()) {
            // Java reads 0177.0.0.1 as 177.0.0.1 where other resolvers read 127.0.0.1: one spelling only
            throw new RefusedWebhookUrl("has an IPv4 address written as " + host + "; write it as four decimal numbers, a.b.c.d");
        }
        List<InetAddress> addresses = resolve(host);
        if (!allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            for (InetAddress address : addresses) {
                Optional<String> internal = SpecialPurposeAddresses.whyNotGlobal(address);
                if (internal.isPresent()) {
                    throw new RefusedWebhookUrl("resolves to " + internal.get() + ", which webhooks may not reach");
                }
            }
        }
        return new WebhookTarget(uri, addresses);
    }

    private List<InetAddress> resolve(String host) throws RefusedWebhookUrl {
        try {
            InetAddress[] addresses = resolver.resolve(host);
            if (addresses != null && addresses.length > 0) {
                return List.of(addresses);
            }
        } catch (UnknownHostException e) {
            // refused below, as for an empty answer
        }
        throw new RefusedWebhookUrl("has a host that does not resolve");
    }
}

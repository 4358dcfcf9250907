package com.topsteel.provisioning.worker.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

import org.apache.hc.client5.http.DnsResolver;

import com.topsteel.provisioning.infrastructure.webhooks.WebhookTarget;

/**
 * The only name resolution a webhook connection gets: the target's host answers with the
 * addresses the URL policy checked, and any other name (a proxy, a redirect) does not resolve,
 * so nothing is looked up again between the check and the connection (DNS rebinding).
 */
final class CheckedAddresses implements DnsResolver {

    private final String host;
    private final InetAddress[] addresses;

    CheckedAddresses(WebhookTarget target) {
        this.host = bare(target.host());
        this.addresses = target.addresses().toArray(InetAddress[]::new);
    }

    @Override
    public InetAddress[] resolve(String name) throws UnknownHostException {
        if (!bare(name).equals(host)) {
            throw new UnknownHostException(name + " is not the webhook host whose addresses were checked");
        }
        return addresses.clone();
    }

    /** No reverse lookup either: the name stays as the URL wrote it. */
    @Override
    public String resolveCanonicalHostname(String name) throws UnknownHostException {
        resolve(name);
        return name;
    }

    /** Hosts compare without IPv6 brackets and case. */
    private static String bare(String host) {
        String unbracketed = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return unbracketed.toLowerCase(Locale.ROOT);
    }
}

package com.topsteel.provisioning.infrastructure.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Where a host's addresses come from: the system's resolver, or a script of answers in a test. */
@FunctionalInterface
public interface HostResolver {

    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}

package com.topsteel.provisioning.gateway.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SHA-256 digests of the keys most recently refused after a BCrypt check, so the same wrong
 * key sent again costs nothing. Bounded: the least recently seen is forgotten first.
 */
final class RefusedDigests {

    private final Map<String, Boolean> digests;

    RefusedDigests(int capacity) {
        this.digests = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized boolean contains(String digest) {
        return digests.get(digest) != null;
    }

    synchronized void add(String digest) {
        digests.put(digest, Boolean.TRUE);
    }
}

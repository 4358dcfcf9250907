package com.topsteel.provisioning.gateway.security;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key of the gateway's own shape, {@code tsk_<id>_<secret>}. The id, 4 to 16 lower-case letters
 * and digits, is no secret: it finds the key's configuration entry at once and names the key in
 * conversation. The secret is at least 43 base62 characters, 256 bits from a secure random;
 * base62 has neither '_' nor '-', so the key splits one way only and a double click selects it
 * whole. {@code scripts/NewApiKey.java} makes one.
 */
record TskKey(String id) {

    static final String PREFIX = "tsk_";

    private static final String ID = "[a-z0-9]{4,16}";
    private static final Pattern ID_FORMAT = Pattern.compile(ID);
    // 128 bounds the work a hostile header can ask of the pattern
    private static final Pattern FORMAT = Pattern.compile("tsk_(" + ID + ")_[0-9A-Za-z]{43,128}");

    /** Whether the presented key says it is of this shape: such a key is never checked against BCrypt. */
    static boolean claims(String presented) {
        return presented.startsWith(PREFIX);
    }

    /** The key's id, or empty when the key is not well formed. */
    static Optional<TskKey> parse(String presented) {
        Matcher key = FORMAT.matcher(presented);
        return key.matches() ? Optional.of(new TskKey(key.group(1))) : Optional.empty();
    }

    static boolean isId(String id) {
        return ID_FORMAT.matcher(id).matches();
    }
}

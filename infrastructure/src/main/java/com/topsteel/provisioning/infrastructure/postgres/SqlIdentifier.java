package com.topsteel.provisioning.infrastructure.postgres;

import java.util.regex.Pattern;

/**
 * The only way a database name reaches DDL. Our names are built from validated codes, so
 * anything outside lower-case ASCII letters, digits and underscores, or beyond 63 bytes,
 * is a bug and is refused rather than escaped.
 */
public final class SqlIdentifier {

    private static final Pattern SAFE = Pattern.compile("[a-z0-9_]{1,63}");

    private SqlIdentifier() {
    }

    public static String requireValid(String identifier) {
        if (identifier == null || !SAFE.matcher(identifier).matches()) {
            throw new IllegalArgumentException("not a safe PostgreSQL identifier: " + identifier);
        }
        return identifier;
    }

    public static String quote(String identifier) {
        return '"' + requireValid(identifier) + '"';
    }
}

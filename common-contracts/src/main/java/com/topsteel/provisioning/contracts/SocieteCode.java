package com.topsteel.provisioning.contracts;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a société code obeys, because it becomes part of a PostgreSQL database name.
 * ASCII letters, digits and underscores only (no look-alikes, no quoting tricks), compared
 * case-insensitively: {@code ACME} and {@code acme} are the same société and the same database.
 */
public final class SocieteCode {

    /** PostgreSQL truncates identifiers beyond 63 bytes (NAMEDATALEN - 1). */
    public static final int MAX_DATABASE_NAME_BYTES = 63;

    public static final String DEFAULT_DATABASE_PREFIX = "erp_topsteel_";

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_]*");

    /** Codes that name, or look like, PostgreSQL's and the platform's own databases. */
    private static final Set<String> RESERVED = Set.of("auth", "shared", "postgres", "template", "template0", "template1");

    /** Templates are named {@code {prefix}template_v{version}}: no société may take such a name. */
    public static final String TEMPLATE_PREFIX = "template_";

    /** Warm pool databases are named {@code {prefix}pool_{id}}: no société may take such a name either. */
    public static final String POOL_PREFIX = "pool_";

    private SocieteCode() {
    }

    /** The lower-case form used for the database name, the e-mail domain and uniqueness. */
    public static String normalize(String code) {
        return code.trim().toLowerCase(Locale.ROOT);
    }

    public static String databaseName(String databasePrefix, String code) {
        return databasePrefix + normalize(code);
    }

    public static int maxLength(String databasePrefix) {
        return MAX_DATABASE_NAME_BYTES - databasePrefix.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Why {@code code} cannot be used under {@code databasePrefix}, or empty when it can. */
    public static Optional<String> problemWith(String code, String databasePrefix) {
        if (code == null || code.isBlank()) {
            return Optional.of("must not be blank");
        }
        if (!FORMAT.matcher(code).matches()) {
            return Optional.of("must contain only ASCII letters, digits and underscores, starting with a letter or digit");
        }
        int maxLength = maxLength(databasePrefix);
        if (code.length() > maxLength) {
            return Optional.of("must be at most " + maxLength + " characters so that the database name "
                    + databasePrefix + "{code} fits PostgreSQL's " + MAX_DATABASE_NAME_BYTES + "-byte limit");
        }
        if (RESERVED.contains(normalize(code)) || normalize(code).startsWith(TEMPLATE_PREFIX)
                || normalize(code).startsWith(POOL_PREFIX)) {
            return Optional.of("is reserved");
        }
        return Optional.empty();
    }
}

package com.topsteel.provisioning.contracts;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * TENANT schema versions as Flyway writes them ({@code 3}, {@code 2.1}, {@code 10}), compared as
 * Flyway compares them: part by part, numerically, so 2 &lt; 2.1 &lt; 10.
 */
public final class SchemaVersions {

    private static final Pattern FORMAT = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    public static final Comparator<String> ORDER = SchemaVersions::compare;

    private SchemaVersions() {
    }

    public static boolean isWellFormed(String version) {
        return version != null && version.length() <= 50 && FORMAT.matcher(version).matches();
    }

    public static int compare(String left, String right) {
        String[] leftParts = left.split("\\.");
        String[] rightParts = right.split("\\.");
        for (int i = 0; i < Math.max(leftParts.length, rightParts.length); i++) {
            BigInteger l = i < leftParts.length ? new BigInteger(leftParts[i]) : BigInteger.ZERO;
            BigInteger r = i < rightParts.length ? new BigInteger(rightParts[i]) : BigInteger.ZERO;
            int order = l.compareTo(r);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    /** A database with no recorded version (null) is behind every version. */
    public static boolean isBehind(String version, String target) {
        return version == null || !isWellFormed(version) || compare(version, target) < 0;
    }
}

package com.topsteel.provisioning.systemtest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Generators of what a hostile client sends: text PostgreSQL cannot store (NUL, unpaired
 * surrogates) beside text it can (control characters, emoji, right-to-left marks), numbers out of
 * every range, JSON of the wrong type or nested garbage, instants far outside PostgreSQL's, and
 * their percent-encodings, well-formed or not. Each takes the random source of one try, so a
 * seed replays a run.
 */
final class HostileValues {

    private static final List<String> PIECES = List.of(
            "\u0000", "a\u0000b", "\uD800", "\uDC00", "x\uDBFF", "\uDFFFy", "\uD83D\uDD29", "\u0001", "\u0007", "\u001B[31m",
            "\u007F", "\u0085", "\u2028", "\uFEFF", "\uFFFE", "\uFFFF", "\u202Eevil", "", "   ", "\t", "'; drop table societes; --",
            "%00", "%ff%fe", "../../etc/passwd", "${jndi:ldap://x}", "<script>", "ACME", "424242", "true", "null", "1e400",
            "e\u0301", "Métallurgie", "\\", "\"", "{}", "[]");

    private static final List<String> NUMBERS = List.of(
            "0", "-1", "1", "5", "50", "51", "1000", "1001", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "99999999999999999999", "5.7", "5.0", "-0.0", "1e3", "1e400",
            "-1e400", "1e-400", "0.0000001");

    private HostileValues() {
    }

    /** One to three pieces, sometimes one of them repeated to a long text. */
    static String text(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(3) + 1; i > 0; i--) {
            text.append(pick(random, PIECES));
        }
        if (random.nextInt(10) == 0) {
            text.append("x".repeat(200 + random.nextInt(2_000)));
        }
        return text.toString();
    }

    static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    static String number(Random random) {
        return pick(random, NUMBERS);
    }

    /** Any JSON value: a hostile string, a number, a boolean, null, or an array or object of more of them. */
    static String jsonValue(Random random, int depth) {
        int kind = random.nextInt(depth > 2 ? 7 : 10);
        return switch (kind) {
            case 0, 1, 2, 3 -> jsonString(text(random));
            case 4, 5 -> number(random);
            case 6 -> pick(random, List.of("true", "false", "null"));
            case 7, 8 -> {
                StringBuilder array = new StringBuilder("[");
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.append(jsonValue(random, depth + 1)).append(i > 1 ? ", " : "");
                }
                yield array.append(']').toString();
            }
            default -> jsonObject(random, depth + 1);
        };
    }

    static String jsonObject(Random random, int depth) {
        StringBuilder object = new StringBuilder("{");
        for (int i = random.nextInt(4); i > 0; i--) {
            object.append(jsonString(text(random))).append(": ").append(jsonValue(random, depth + 1)).append(i > 1 ? ", " : "");
        }
        return object.append('}').toString();
    }

    /** A JSON string literal whose every character outside printable ASCII is a {@code \}{@code uXXXX} escape, lone surrogates too. */
    static String jsonString(String text) {
        StringBuilder literal = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                literal.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E) {
                literal.append(String.format("\\u%04x", (int) c));
            } else {
                literal.append(c);
            }
        }
        return literal.append('"').toString();
    }

    /**
     * An instant as a client might write it for {@code from}/{@code to}: years up to ±999,999,999,
     * around PostgreSQL's limits, offsets up to ±18:00, nine fraction digits, sometimes invalid.
     */
    static String instant(Random random) {
        long year = pick(random, List.of(-999_999_999L, -4714L, -4713L, -1L, 0L, 1L, 1970L, 2026L, 9999L, 10_000L,
                294_276L, 294_277L, 999_999_999L));
        String yearText = year > 9999 ? "+" + year : year < 0 ? String.format("-%04d", -year) : String.format("%04d", year);
        int month = random.nextInt(13) + 1;
        int day = year == -4713 && random.nextBoolean() ? 24 - random.nextInt(2) : random.nextInt(31) + 1;
        String time = String.format("%02d:%02d:%02d", random.nextInt(25), random.nextInt(60), random.nextInt(60));
        String fraction = random.nextBoolean() ? "" : "." + "9".repeat(random.nextInt(9) + 1);
        String offset = pick(random, List.of("Z", "Z", "+00:00", "+01:00", "-05:30", "+15:59", "+16:00", "+18:00", "-18:00",
                "+05:30:15", "+24:00", ""));
        return String.format("%s-%02d-%02dT%s%s%s", yearText, month, day, time, fraction, offset);
    }

    /**
     * {@code text} percent-encoded as UTF-8 — an unpaired surrogate as the three bytes that are
     * not UTF-8 — or, one time in four, spoiled: a stray {@code %}, a bad hex digit, a byte that
     * starts no UTF-8 character, an overlong NUL, a raw character Tomcat refuses in a URL.
     */
    static String percentEncoded(Random random, String text) {
        StringBuilder encoded = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                encoded.append(c);
            } else if (Character.isSurrogate(c)) {
                encoded.append(String.format("%%%02X%%%02X%%%02X", 0xE0 | (c >> 12), 0x80 | ((c >> 6) & 0x3F), 0x80 | (c & 0x3F)));
            } else {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    encoded.append(String.format("%%%02X", b & 0xFF));
                }
            }
        }
        if (random.nextInt(4) == 0) {
            encoded.insert(random.nextInt(encoded.length() + 1),
                    pick(random, List.of("%", "%z", "%4", "%ff%fe", "%C3", "%C0%80", "%ED%A0%80", "+", "|", "{", "^", "%25")));
        }
        return encoded.toString();
    }

    /** For a failure message: every character outside printable ASCII escaped. */
    static String visible(String text) {
        StringBuilder shown = new StringBuilder();
        for (char c : text.toCharArray()) {
            shown.append(c >= 0x20 && c <= 0x7E ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return shown.length() > 400 ? shown.substring(0, 400) + "…" : shown.toString();
    }

    static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}

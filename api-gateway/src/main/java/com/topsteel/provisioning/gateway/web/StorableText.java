package com.topsteel.provisioning.gateway.web;

/**
 * Text PostgreSQL can store: no NUL (a {@code text} value cannot hold it, a {@code jsonb} value
 * refuses {@code \u0000}) and no surrogate without its pair (it has no UTF-8 encoding; the driver
 * would silently store {@code ?}, {@code jsonb} refuses it). Everything else PostgreSQL takes.
 */
public final class StorableText {

    public static final String PROBLEM = "must not contain the NUL character or an unpaired surrogate";

    private StorableText() {
    }

    public static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
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
}

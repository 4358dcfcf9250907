package com.topsteel.provisioning.gateway.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A raw query string read as Tomcat reads it ({@code name=value&…}, {@code +} a space, {@code %XX}
 * a byte, the bytes UTF-8), but strictly: the first parameter that cannot be decoded, has no
 * name, or holds text PostgreSQL cannot store. Tomcat itself throws from the first
 * {@code getParameter} on such a query, which would surface as a server error.
 */
final class QueryString {

    /** Named when the parameter's own name is what cannot be read or shown. */
    static final String WHOLE_QUERY = "query";

    private QueryString() {
    }

    static Optional<FieldProblem> firstProblem(String rawQuery) {
        if (rawQuery == null) {
            return Optional.empty();
        }
        for (String parameter : rawQuery.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            Optional<String> name = decode(equals < 0 ? parameter : parameter.substring(0, equals));
            if (name.isEmpty() || !StorableText.isStorable(name.get())) {
                return Optional.of(new FieldProblem(WHOLE_QUERY, "has a parameter name that cannot be read or stored"));
            }
            if (name.get().isEmpty()) {
                return Optional.of(new FieldProblem(WHOLE_QUERY, "has a parameter without a name"));
            }
            Optional<String> value = equals < 0 ? Optional.of("") : decode(parameter.substring(equals + 1));
            if (value.isEmpty()) {
                return Optional.of(new FieldProblem(name.get(), "is not valid percent-encoded UTF-8"));
            }
            if (!StorableText.isStorable(value.get())) {
                return Optional.of(new FieldProblem(name.get(), StorableText.PROBLEM));
            }
        }
        return Optional.empty();
    }

    /** Empty when a {@code %} is not followed by two hex digits or the bytes are not UTF-8. */
    static Optional<String> decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length() || !HexFormat.isHexDigit(encoded.charAt(i + 1))
                        || !HexFormat.isHexDigit(encoded.charAt(i + 2))) {
                    return Optional.empty();
                }
                bytes.write(HexFormat.fromHexDigits(encoded, i + 1, i + 3));
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString());
        } catch (CharacterCodingException notUtf8) {
            return Optional.empty();
        }
    }
}

package com.topsteel.provisioning.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RequestBodyTextTest {

    record Settings(List<String> modules, Map<String, Object> theme) {
    }

    record Body(String nom, Integer maxUsers, Settings configuration) {
    }

    @Test
    void a_body_of_storable_text_passes_whole() {
        Body body = new Body("ACME \uD83D\uDD29", 5, new Settings(List.of("stock"), Map.of("colors", Map.of("primary", "#fff"))));

        assertThat(RequestBodyText.unstorableTextIn(body, "")).isEmpty();
        assertThat(RequestBodyText.unstorableTextIn(null, "")).isEmpty();
        assertThat(RequestBodyText.unstorableTextIn(new Body(null, null, null), "")).isEmpty();
    }

    @Test
    void the_path_of_the_first_unstorable_text_is_named_however_deep() {
        assertThat(RequestBodyText.unstorableTextIn(new Body("a\u0000", null, null), "")).contains("nom");
        assertThat(RequestBodyText.unstorableTextIn(
                new Body("ok", null, new Settings(List.of("stock", "\uD800"), null)), ""))
                .contains("configuration.modules[1]");
        assertThat(RequestBodyText.unstorableTextIn(
                new Body("ok", null, new Settings(null, Map.of("colors", List.of(Map.of("primary", "\u0000"))))), ""))
                .contains("configuration.theme.colors[0].primary");
    }

    @Test
    void an_unstorable_map_key_names_its_map() {
        Map<String, Object> theme = new LinkedHashMap<>();
        theme.put("ok", 1);
        theme.put("bad\u0000key", 2);

        assertThat(RequestBodyText.unstorableTextIn(new Body("ok", null, new Settings(null, theme)), ""))
                .contains("configuration.theme");
    }
}

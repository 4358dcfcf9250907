package com.topsteel.provisioning.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorableTextTest {

    @Test
    void ordinary_text_accents_emoji_and_control_characters_other_than_nul_are_storable() {
        assertThat(StorableText.isStorable("")).isTrue();
        assertThat(StorableText.isStorable("Métallurgie ACME")).isTrue();
        assertThat(StorableText.isStorable("acier \uD83D\uDD29 trempé")).as("a surrogate pair, one emoji").isTrue();
        assertThat(StorableText.isStorable("tab\there\u0001\u001b\u007f\u2028")).isTrue();
    }

    @Test
    void nul_is_not_storable_wherever_it_is() {
        assertThat(StorableText.isStorable("\u0000")).isFalse();
        assertThat(StorableText.isStorable("ACME\u0000")).isFalse();
        assertThat(StorableText.isStorable("\u0000ACME")).isFalse();
    }

    @Test
    void a_surrogate_without_its_pair_is_not_storable() {
        assertThat(StorableText.isStorable("\uD800")).as("high alone").isFalse();
        assertThat(StorableText.isStorable("a\uDC00b")).as("low alone").isFalse();
        assertThat(StorableText.isStorable("\uDC00\uD800")).as("low before high").isFalse();
        assertThat(StorableText.isStorable("\uD83D\uDD29\uD800")).as("a pair then a lone high").isFalse();
    }
}

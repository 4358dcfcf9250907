package com.topsteel.provisioning.infrastructure.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlIdentifierTest {

    @Test
    void quotes_a_safe_name() {
        assertThat(SqlIdentifier.quote("erp_topsteel_acme")).isEqualTo("\"erp_topsteel_acme\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"erp\"; drop database x; --", "ERP_TOPSTEEL", "a b", "../x", "", "é"})
    void refuses_anything_else_instead_of_escaping_it(String name) {
        assertThatThrownBy(() -> SqlIdentifier.quote(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refuses_names_longer_than_postgres_keeps() {
        assertThatThrownBy(() -> SqlIdentifier.quote("a".repeat(64))).isInstanceOf(IllegalArgumentException.class);
        assertThat(SqlIdentifier.quote("a".repeat(63))).hasSize(65);
    }
}

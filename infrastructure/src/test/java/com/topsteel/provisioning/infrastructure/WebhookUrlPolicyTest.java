package com.topsteel.provisioning.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.topsteel.provisioning.infrastructure.webhooks.WebhookUrlPolicy;

class WebhookUrlPolicyTest {

    private final WebhookUrlPolicy policy = new WebhookUrlPolicy(Set.of());

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/hook", "http://localhost:8080/", "http://10.1.2.3/", "http://192.168.0.1/",
            "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://[fd00::1]/",
            "http://0.0.0.0/", "ftp://93.184.216.34/", "javascript:alert(1)", "http://user:pw@93.184.216.34/"})
    void refuses_internal_addresses_and_other_schemes(String url) {
        assertThat(policy.problemWith(url)).isPresent();
    }

    @Test
    void accepts_a_public_address() {
        assertThat(policy.problemWith("https://93.184.216.34/hooks/topsteel")).isEmpty();
    }

    @Test
    void an_allow_listed_host_may_be_internal() {
        assertThat(new WebhookUrlPolicy(Set.of("127.0.0.1")).problemWith("http://127.0.0.1:9000/hook")).isEmpty();
    }
}

package com.topsteel.provisioning.gateway.societe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.topsteel.provisioning.contracts.Plan;
import com.topsteel.provisioning.gateway.web.GatewayJsonMapper;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's strict mapper reads back what it wrote: the accepted request a job keeps for a
 * retry, and a société's configuration read from its jsonb column.
 */
class ProvisionTenantRequestJsonTest {

    private static final JsonMapper JSON = GatewayJsonMapper.get();

    @Test
    void an_accepted_request_with_every_field_reads_back_equal() {
        ProvisionTenantRequest accepted = new ProvisionTenantRequest("Métallurgie ACME", "ACME", "contact@acme.com",
                Plan.PROFESSIONAL, 10, 2, 1_073_741_824L, "12345678901234", "FR123", "1 rue de l'Acier", "75001", "Paris",
                "France", "+33 1 23 45 67 89", "https://acme.example",
                new ProvisionTenantRequest.SocieteConfiguration(List.of("stock", "sales"), List.of("beta"),
                        Map.of("dark", true, "size", 1.5, "colors", Map.of("primary", "#123456"), "fonts", List.of("a", 2)),
                        "fr-FR", "Europe/Paris"), "second");

        String stored = JSON.writeValueAsString(accepted);

        assertThat(JSON.readValue(stored, ProvisionTenantRequest.class)).isEqualTo(accepted);
    }

    @Test
    void a_minimal_accepted_request_reads_back_equal() {
        ProvisionTenantRequest accepted = new ProvisionTenantRequest("ACME", "ACME", null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);

        assertThat(JSON.readValue(JSON.writeValueAsString(accepted), ProvisionTenantRequest.class)).isEqualTo(accepted);
    }

    @Test
    void a_configuration_as_postgresql_returns_its_jsonb_is_read() {
        String jsonb = "{\"theme\": {\"dark\": true, \"size\": 1.5}, \"locale\": \"fr\", \"modules\": [\"stock\"], \"features\": null}";

        Map<String, Object> configuration = JSON.readValue(jsonb, new TypeReference<Map<String, Object>>() { });

        assertThat(configuration).containsEntry("locale", "fr").containsKey("features");
    }
}

package com.topsteel.provisioning.gateway.societe;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.topsteel.provisioning.contracts.Plan;

/** The seed's body for {@code POST /api/societes/provision-tenant}, with the original's optional fields. */
record ProvisionTenantRequest(
        @NotBlank @Size(max = 255) String nom,
        @NotBlank @ValidSocieteCode String code,
        @Email @Size(max = 255) String email,
        Plan plan,
        @Min(1) @Max(1000) Integer maxUsers,
        @Min(1) @Max(50) Integer maxSites,
        @PositiveOrZero Long maxStorageBytes,
        @Pattern(regexp = "\\d{14}", message = "must be 14 digits") String siret,
        @Size(max = 20) String tva,
        @Size(max = 500) String adresse,
        @Size(max = 10) String codePostal,
        @Size(max = 100) String ville,
        @Size(max = 100) String pays,
        @Size(max = 30) String telephone,
        @Size(max = 255) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String website,
        @Valid SocieteConfiguration configuration,
        /* the PostgreSQL server to place it on (operators only); null: the least loaded */
        @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,62}", message = "must be a server name (lower-case letters, digits, '_', '-')")
        String server) {

    static final Plan DEFAULT_PLAN = Plan.STARTER;
    static final int DEFAULT_MAX_USERS = 5;
    static final int DEFAULT_MAX_SITES = 1;

    /** The original's {@code configuration} object; every part optional. */
    record SocieteConfiguration(
            @Size(max = 50) List<@NotBlank @Size(max = 64) String> modules,
            @Size(max = 50) List<@NotBlank @Size(max = 64) String> features,
            @Size(max = 30) Map<@Size(max = 64) String, Object> theme,
            @Pattern(regexp = "[a-z]{2}(-[A-Z]{2})?", message = "must be a locale such as fr or fr-FR") String locale,
            @TimeZoneId String timezone) {
    }

    Plan planOrDefault() {
        return plan == null ? DEFAULT_PLAN : plan;
    }

    int maxUsersOrDefault() {
        return maxUsers == null ? DEFAULT_MAX_USERS : maxUsers;
    }

    int maxSitesOrDefault() {
        return maxSites == null ? DEFAULT_MAX_SITES : maxSites;
    }
}

package com.topsteel.provisioning.gateway.societe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorFactory;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.hibernate.validator.HibernateValidator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.topsteel.provisioning.contracts.Plan;
import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;

/** The seed's request rules, field by field, as the gateway checks them before anything is written. */
class ProvisionTenantRequestValidationTest {

    private static final PostgresSettings DEFAULT_SERVER = new PostgresSettings("127.0.0.1", 5432, "postgres", "",
            "postgres", "erp_topsteel_auth", "erp_topsteel_shared", "erp_topsteel_", null, false, java.util.List.of());

    /** Our constraint validators take the settings they need, as Spring would give them. */
    private static final ConstraintValidatorFactory WITH_SETTINGS = new ConstraintValidatorFactory() {
        @Override
        public <T extends ConstraintValidator<?, ?>> T getInstance(Class<T> type) {
            try {
                if (type == ValidSocieteCode.Validator.class) {
                    return type.cast(new ValidSocieteCode.Validator(DEFAULT_SERVER));
                }
                return type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void releaseInstance(ConstraintValidator<?, ?> instance) {
        }
    };

    private final Validator validator = Validation.byProvider(HibernateValidator.class).configure()
            .constraintValidatorFactory(WITH_SETTINGS).buildValidatorFactory().getValidator();

    @Test
    void the_seeds_request_is_valid() {
        assertThat(violations(request("Métallurgie ACME", "ACME"))).isEmpty();
    }

    @ParameterizedTest(name = "code ''{0}''")
    @CsvSource({"'acme\"; DROP DATABASE x; --'", "../etc", "ac me", "\u0410CME", "auth", "SHARED", "template0", "postgres",
            "_acme", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void a_code_that_cannot_name_a_database_is_refused(String code) {
        assertThat(violations(request("Valide", code))).containsExactly("code");
    }

    @Test
    void a_code_of_fifty_characters_fits_the_sixty_three_bytes_of_a_database_name() {
        assertThat(violations(request("Valide", "a".repeat(50)))).isEmpty();
        assertThat(violations(request("Valide", "a".repeat(51)))).containsExactly("code");
    }

    @Test
    void each_optional_field_is_checked_when_given() {
        ProvisionTenantRequest wrong = new ProvisionTenantRequest(" ", "ACME", "not-an-email", Plan.STARTER, 0, 51, -1L,
                "123", "t".repeat(21), null, "12345678901", null, null, "0".repeat(31), "javascript:alert(1)",
                new ProvisionTenantRequest.SocieteConfiguration(null, null, null, "french", "Mars/Olympus"), "Second Server");

        assertThat(violations(wrong)).containsExactlyInAnyOrder("nom", "email", "maxUsers", "maxSites", "maxStorageBytes",
                "siret", "tva", "codePostal", "telephone", "website", "configuration.locale", "configuration.timezone",
                "server");
    }

    private static ProvisionTenantRequest request(String nom, String code) {
        return new ProvisionTenantRequest(nom, code, "contact@acme.com", Plan.PROFESSIONAL, 10, 2, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    private List<String> violations(ProvisionTenantRequest request) {
        Set<ConstraintViolation<ProvisionTenantRequest>> violations = validator.validate(request);
        return violations.stream().map(violation -> violation.getPropertyPath().toString()).sorted().toList();
    }
}

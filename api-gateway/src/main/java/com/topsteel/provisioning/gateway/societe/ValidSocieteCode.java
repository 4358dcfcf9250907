package com.topsteel.provisioning.gateway.societe;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import com.topsteel.provisioning.contracts.SocieteCode;
import com.topsteel.provisioning.infrastructure.postgres.PostgresSettings;

/** A code that can become a database name under the configured prefix (see {@link SocieteCode}). */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidSocieteCode.Validator.class)
@interface ValidSocieteCode {

    String message() default "is not a valid société code";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ValidSocieteCode, String> {

        private final String databasePrefix;

        Validator(PostgresSettings settings) {
            this.databasePrefix = settings.tenantDatabasePrefix();
        }

        @Override
        public boolean isValid(String code, ConstraintValidatorContext context) {
            return SocieteCode.problemWith(code, databasePrefix)
                    .map(problem -> {
                        context.disableDefaultConstraintViolation();
                        context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
                        return false;
                    })
                    .orElse(true);
        }
    }
}

package com.topsteel.provisioning.worker.seed;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The default users' initial passwords: the seed's well-known ones for development, or, with
 * {@code generate} (the production profile), a random one per user, revealed once to an
 * operator. Users must change them at first login either way. Never printed: {@link #toString()}
 * hides them.
 */
@ConfigurationProperties("provisioning.default-users")
public record DefaultUserPasswords(
        @DefaultValue(WELL_KNOWN_ADMIN_PASSWORD) String adminPassword,
        @DefaultValue(WELL_KNOWN_USER_PASSWORD) String userPassword,
        @DefaultValue("false") boolean generate,
        @DefaultValue("10") int bcryptStrength) {

    public static final String WELL_KNOWN_ADMIN_PASSWORD = "Admin123!";
    public static final String WELL_KNOWN_USER_PASSWORD = "User123!";

    public boolean usesWellKnownPasswords() {
        return !generate && (WELL_KNOWN_ADMIN_PASSWORD.equals(adminPassword) || WELL_KNOWN_USER_PASSWORD.equals(userPassword));
    }

    @Override
    public String toString() {
        return "DefaultUserPasswords[adminPassword=***, userPassword=***, generate=" + generate + ", bcryptStrength="
                + bcryptStrength + "]";
    }
}

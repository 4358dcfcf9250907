package com.topsteel.provisioning.worker.seed;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The seed's well-known initial passwords (development defaults) and the BCrypt cost. Users are
 * flagged to change them at first login. Never printed: {@link #toString()} hides them.
 */
@ConfigurationProperties("provisioning.default-users")
public record DefaultUserPasswords(
        @DefaultValue("Admin123!") String adminPassword,
        @DefaultValue("User123!") String userPassword,
        @DefaultValue("10") int bcryptStrength) {

    @Override
    public String toString() {
        return "DefaultUserPasswords[adminPassword=***, userPassword=***, bcryptStrength=" + bcryptStrength + "]";
    }
}

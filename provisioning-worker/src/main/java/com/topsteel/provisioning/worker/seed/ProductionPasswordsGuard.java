package com.topsteel.provisioning.worker.seed;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * In production the seed's published passwords must not open anything: the worker refuses to
 * start when default users would get them, or when the JobRunr dashboard keeps its development
 * password.
 */
@Component
@Profile("production")
class ProductionPasswordsGuard {

    static final String DEVELOPMENT_DASHBOARD_PASSWORD = "topsteel-dev-dashboard";

    ProductionPasswordsGuard(DefaultUserPasswords passwords,
            @Value("${jobrunr.dashboard.enabled:false}") boolean dashboardEnabled,
            @Value("${jobrunr.dashboard.password:}") String dashboardPassword) {
        if (passwords.usesWellKnownPasswords()) {
            throw new IllegalStateException("default users would get the seed's well-known passwords; "
                    + "set provisioning.default-users.generate=true or configure other passwords");
        }
        if (dashboardEnabled && (dashboardPassword.isBlank() || DEVELOPMENT_DASHBOARD_PASSWORD.equals(dashboardPassword))) {
            throw new IllegalStateException("the JobRunr dashboard needs its own password (JOBRUNR_DASHBOARD_PASSWORD)");
        }
    }
}

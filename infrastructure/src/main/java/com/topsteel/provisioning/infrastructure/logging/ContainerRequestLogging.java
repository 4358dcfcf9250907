package com.topsteel.provisioning.infrastructure.logging;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Tomcat logs the raw text of requests it cannot parse — an odd header line, a malformed cookie —
 * and a client's API key goes with it ({@code A cookie header was received [Authorization=Bearer …]}).
 * Its "user data" messages are turned off in both services, before the embedded server's classes
 * are loaded; the refused request is still answered, and the answer says what was wrong.
 */
public class ContainerRequestLogging implements EnvironmentPostProcessor {

    static final String TOMCAT_USER_DATA_LOGGING = "org.apache.juli.logging.UserDataHelper.CONFIG";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (System.getProperty(TOMCAT_USER_DATA_LOGGING) == null) {
            System.setProperty(TOMCAT_USER_DATA_LOGGING, "NONE");
        }
    }
}

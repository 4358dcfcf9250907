package com.topsteel.provisioning.worker;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The worker serves its actuator endpoints without authentication and has no users. Spring
 * Security is not on its classpath, but it is wherever the worker shares a JVM with the gateway
 * (the local stack, the system tests): its auto-configurations are kept out by name, so the
 * worker behaves the same everywhere. Names absent from the classpath are ignored.
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration" })
@ConfigurationPropertiesScan
@EnableScheduling
public class WorkerApplication {

    /** Its own configuration file name, so the gateway and the worker can share a JVM in tests. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(WorkerApplication.class).properties("spring.config.name=provisioning-worker");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}

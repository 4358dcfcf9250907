package com.topsteel.provisioning.worker;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
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

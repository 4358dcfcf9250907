package com.topsteel.provisioning.systemtest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Added to the worker by the tests only: production has no way to inject faults. */
@Configuration(proxyBeanMethods = false)
public class TestFaultsConfiguration {

    @Bean
    @Primary
    ScriptedStepFaults scriptedStepFaults() {
        return new ScriptedStepFaults();
    }
}

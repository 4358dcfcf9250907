package com.topsteel.provisioning.systemtest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Added to the worker by the tests only: production has no way to inject faults, nor to move its clock. */
@Configuration(proxyBeanMethods = false)
public class TestFaultsConfiguration {

    @Bean
    @Primary
    ScriptedStepFaults scriptedStepFaults() {
        return new ScriptedStepFaults();
    }

    /** The worker's clock for retention and grace periods, set by a test and put back after it. */
    @Bean
    @Primary
    SettableClock settableClock() {
        return new SettableClock();
    }
}

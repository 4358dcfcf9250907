package com.topsteel.provisioning.systemtest;

import java.nio.file.Path;
import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Added to the worker by the tests only: production has no way to inject faults, nor to move its clock. */
@Configuration(proxyBeanMethods = false)
public class TestFaultsConfiguration {

    /** System properties a {@link WorkerProcessMain} sets: files whose presence holds the warm pool's claims or refills. */
    static final String HOLD_POOL_CLAIM = "test.hold-pool-claim";
    static final String HOLD_POOL_REFILL = "test.hold-pool-refill";

    @Bean
    @Primary
    ScriptedStepFaults scriptedStepFaults() {
        ScriptedStepFaults faults = new ScriptedStepFaults();
        Optional.ofNullable(System.getProperty(HOLD_POOL_CLAIM)).map(Path::of).ifPresent(faults::holdPoolClaimsWhile);
        Optional.ofNullable(System.getProperty(HOLD_POOL_REFILL)).map(Path::of).ifPresent(faults::holdPoolRefillsWhile);
        return faults;
    }

    /** The worker's clock for retention and grace periods, set by a test and put back after it. */
    @Bean
    @Primary
    SettableClock settableClock() {
        return new SettableClock();
    }
}

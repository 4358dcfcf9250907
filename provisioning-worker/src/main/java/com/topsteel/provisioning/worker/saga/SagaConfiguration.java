package com.topsteel.provisioning.worker.saga;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SagaConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Production runs every step as written; only tests supply another {@link StepFaults}. */
    @Bean
    @ConditionalOnMissingBean
    StepFaults noStepFaults() {
        return new StepFaults() {
            @Override
            public void beforeExecute(JobContext job, String step) {
            }

            @Override
            public void beforeCompensate(JobContext job, String step) {
            }
        };
    }
}

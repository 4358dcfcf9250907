package com.topsteel.provisioning.worker.backup;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The clock retention, grace periods and drills read: a test replaces it with one of its own (a {@code @Primary} bean). */
@Configuration(proxyBeanMethods = false)
class BackupConfiguration {

    @Bean
    Clock backupClock() {
        return Clock.systemUTC();
    }
}

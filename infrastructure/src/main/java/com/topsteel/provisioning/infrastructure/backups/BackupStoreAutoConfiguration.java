package com.topsteel.provisioning.infrastructure.backups;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The backup store that {@code provisioning.backups.store} names, in both services. */
@AutoConfiguration
@EnableConfigurationProperties(BackupStoreSettings.class)
public class BackupStoreAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BackupStoreAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    BackupStore backupStore(BackupStoreSettings settings) {
        BackupStore store = switch (settings.store()) {
            case DIRECTORY -> new DirectoryBackupStore(settings.directory());
            case S3 -> S3BackupStore.of(settings.s3());
        };
        log.info("Backups kept in {}", store.describe());
        return store;
    }
}

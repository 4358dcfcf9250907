package com.topsteel.provisioning.worker.shareddb;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.infrastructure.postgres.PostgresServer;

/**
 * The SHARED database (notification templates, system menus, global parameters): created if
 * missing and migrated once, when the worker starts and before it takes any command.
 */
@Component
class SharedDatabase implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(SharedDatabase.class);

    private final PostgresServer postgres;

    SharedDatabase(PostgresServer postgres) {
        this.postgres = postgres;
    }

    @Override
    public void afterPropertiesSet() {
        String database = postgres.settings().sharedDatabase();
        postgres.createDatabaseIfMissing(database);
        postgres.restrictConnect(database, postgres.settings().connectGrantees());
        var result = Flyway.configure()
                .dataSource(postgres.dataSource(database))
                .locations("classpath:db/shared")
                .load()
                .migrate();
        log.info("SHARED database {} at version {}", database, result.targetSchemaVersion);
    }
}

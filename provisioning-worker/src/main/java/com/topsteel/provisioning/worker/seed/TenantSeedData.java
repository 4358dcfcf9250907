package com.topsteel.provisioning.worker.seed;

import org.springframework.stereotype.Component;

import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.seed.SocieteIndependentRows.SystemParameter;
import com.topsteel.provisioning.worker.tenantdb.TenantDatabases;

/**
 * The rows every new tenant database starts with: the société's system parameters, material
 * categories, document numbering and its main site ({@link SocieteIndependentRows}, already there
 * in a database taken from the warm pool), then the société's name and the audit line of its
 * provisioning. Inserts skip rows already there, so the step can run again after a crash.
 */
@Component
public class TenantSeedData {

    static SystemParameter companyName(String societeCode) {
        return new SystemParameter("company_name", "Société " + societeCode, "string", "general", "Nom de la société");
    }

    private final TenantDatabases databases;
    private final SocieteIndependentRows independentRows;

    TenantSeedData(TenantDatabases databases, SocieteIndependentRows independentRows) {
        this.databases = databases;
        this.independentRows = independentRows;
    }

    public void seed(JobContext job) {
        databases.inTransaction(job.tenant().databaseName(), jdbc -> {
            independentRows.seed(jdbc);
            SocieteIndependentRows.insertParameter(jdbc, companyName(job.tenant().code()));
            jdbc.sql("""
                    insert into audit_log (action, entity_type, entity_id, details)
                    select 'SOCIETE_PROVISIONED', 'societe', :societeId, jsonb_build_object('jobId', cast(:jobId as text))
                    where not exists (select 1 from audit_log where action = 'SOCIETE_PROVISIONED')""")
                    .param("societeId", job.tenant().societeId().toString())
                    .param("jobId", job.jobId().toString())
                    .update();
        });
    }
}

package com.topsteel.provisioning.worker.tenantdb;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.topsteel.provisioning.contracts.JobType;
import com.topsteel.provisioning.worker.saga.Saga;

/**
 * A société provisioned before roles per tenant gets the role a provisioning creates today: the same
 * step, on a database that already holds its data (docs/servers.md#a-role-per-tenant).
 */
@Configuration(proxyBeanMethods = false)
class TenantRoleSaga {

    @Bean
    Saga createTenantRole(TenantRoles roles) {
        return Saga.of(JobType.CREATE_TENANT_ROLE)
                .step("create-tenant-role", roles::createFor).compensateWith(roles::dropIfCreatedBy)
                .succeedsWith(job -> "La base de " + job.tenant().code() + " appartient à son propre rôle")
                .failsWith((job, step) -> "Création du rôle de " + job.tenant().code() + " interrompue à l'étape " + step)
                .build();
    }
}

package com.topsteel.provisioning.gateway.societe;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import com.topsteel.provisioning.contracts.Plan;
import com.topsteel.provisioning.contracts.SchemaStatus;
import com.topsteel.provisioning.contracts.SocieteStatus;

/**
 * A société as the API shows it.
 *
 * @param server            the PostgreSQL server its database is on
 * @param databaseSizeBytes its database's size on disk: read from its server when the société is read alone; in
 *                          listings (or when its server cannot be reached) as a worker last measured it, null
 *                          until then
 */
record SocieteView(
        UUID id,
        String nom,
        String code,
        String email,
        Plan plan,
        int maxUsers,
        int maxSites,
        Long maxStorageBytes,
        SocieteStatus status,
        String databaseName,
        /* the TENANT schema version its database is at; null until a worker has read it */
        String schemaVersion,
        SchemaStatus schemaStatus,
        String siret,
        String tva,
        String adresse,
        String codePostal,
        String ville,
        String pays,
        String telephone,
        String website,
        Map<String, Object> configuration,
        OffsetDateTime dateActivation,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        /* the PostgreSQL server its database is on */
        String server,
        /* the login role that owns its database; its password is shown once, on the job that created it */
        String databaseRole,
        Long databaseSizeBytes,
        /* when a measurement first found its database over maxStorageBytes; null while within it */
        OffsetDateTime quotaExceededAt) {

    SocieteView withDatabaseSize(Long sizeBytes) {
        return new SocieteView(id, nom, code, email, plan, maxUsers, maxSites, maxStorageBytes, status, databaseName,
                schemaVersion, schemaStatus, siret,
                tva, adresse, codePostal, ville, pays, telephone, website, configuration, dateActivation, createdAt, updatedAt,
                server, databaseRole, sizeBytes, quotaExceededAt);
    }
}

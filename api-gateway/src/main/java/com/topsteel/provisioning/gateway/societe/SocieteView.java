package com.topsteel.provisioning.gateway.societe;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import com.topsteel.provisioning.contracts.Plan;
import com.topsteel.provisioning.contracts.SocieteStatus;

/**
 * A société as the API shows it.
 *
 * @param databaseSizeBytes its database's size on disk when the société is read alone, null in listings and
 *                          while the database does not exist
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
        Long databaseSizeBytes) {

    SocieteView withDatabaseSize(Long sizeBytes) {
        return new SocieteView(id, nom, code, email, plan, maxUsers, maxSites, maxStorageBytes, status, databaseName, siret,
                tva, adresse, codePostal, ville, pays, telephone, website, configuration, dateActivation, createdAt, updatedAt,
                sizeBytes);
    }
}

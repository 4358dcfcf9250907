package com.topsteel.provisioning.worker.seed;

import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

import com.topsteel.provisioning.worker.saga.JobContext;
import com.topsteel.provisioning.worker.tenantdb.TenantDatabases;

/**
 * The rows every new tenant database starts with: the société's system parameters, material
 * categories, document numbering and its main site. Inserts skip rows already there, so the
 * step can run again after a crash.
 */
@Component
public class TenantSeedData {

    record SystemParameter(String key, String value, String type, String category, String description) {
    }

    record NumberingSequence(String documentType, String prefix) {
    }

    static final List<String> MATERIAL_CATEGORIES =
            List.of("Acier", "Aluminium", "Inox", "Cuivre", "Laiton", "Consommables", "Outillage");

    static final List<NumberingSequence> NUMBERING_SEQUENCES = List.of(
            new NumberingSequence("CLIENT", "CLI"),
            new NumberingSequence("FOURNISSEUR", "FRN"),
            new NumberingSequence("DEVIS", "DEV"),
            new NumberingSequence("COMMANDE", "CMD"),
            new NumberingSequence("FACTURE", "FAC"),
            new NumberingSequence("PROJET", "PRJ"),
            new NumberingSequence("ORDRE_FABRICATION", "OF"));

    static final String MAIN_SITE_CODE = "PRINCIPAL";

    static List<SystemParameter> systemParameters(String societeCode) {
        return List.of(
                new SystemParameter("company_name", "Société " + societeCode, "string", "general", "Nom de la société"),
                new SystemParameter("currency", "EUR", "string", "financial", "Devise"),
                new SystemParameter("vat_rate", "20.0", "number", "financial", "Taux de TVA par défaut (%)"),
                new SystemParameter("decimal_precision", "2", "number", "general", "Nombre de décimales"),
                new SystemParameter("auto_numbering", "true", "boolean", "general", "Numérotation automatique"),
                new SystemParameter("backup_enabled", "true", "boolean", "system", "Sauvegardes automatiques"),
                new SystemParameter("audit_enabled", "true", "boolean", "system", "Journal d'audit"));
    }

    private final TenantDatabases databases;

    TenantSeedData(TenantDatabases databases) {
        this.databases = databases;
    }

    public void seed(JobContext job) {
        String societeCode = job.tenant().code();
        databases.inTransaction(job, jdbc -> {
            for (SystemParameter parameter : systemParameters(societeCode)) {
                jdbc.sql("""
                        insert into system_parameters (key, value, type, category, description)
                        values (:key, :value, :type, :category, :description) on conflict (key) do nothing""")
                        .param("key", parameter.key())
                        .param("value", parameter.value())
                        .param("type", parameter.type())
                        .param("category", parameter.category())
                        .param("description", parameter.description())
                        .update();
            }
            for (String category : MATERIAL_CATEGORIES) {
                jdbc.sql("""
                        insert into material_categories (code, name, description)
                        values (:code, :name, :description) on conflict (code) do nothing""")
                        .param("code", category.toUpperCase(Locale.ROOT))
                        .param("name", category)
                        .param("description", "Catégorie " + category)
                        .update();
            }
            for (NumberingSequence sequence : NUMBERING_SEQUENCES) {
                jdbc.sql("""
                        insert into numbering_sequences (document_type, prefix)
                        values (:documentType, :prefix) on conflict (document_type) do nothing""")
                        .param("documentType", sequence.documentType())
                        .param("prefix", sequence.prefix())
                        .update();
            }
            jdbc.sql("""
                    insert into sites (code, name, is_default) values (:code, 'Site principal', true)
                    on conflict (code) do nothing""")
                    .param("code", MAIN_SITE_CODE)
                    .update();
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

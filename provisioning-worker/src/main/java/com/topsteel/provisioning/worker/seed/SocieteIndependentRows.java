package com.topsteel.provisioning.worker.seed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.topsteel.provisioning.worker.tenantdb.SocieteIndependentSeed;

/**
 * The seed rows every tenant database starts with whatever its société: system parameters but its
 * name, material categories, document numbering and the main site. Written by the seed step and,
 * ahead of demand, into warm pool databases. Inserts skip rows already there.
 */
@Component
class SocieteIndependentRows implements SocieteIndependentSeed {

    record SystemParameter(String key, String value, String type, String category, String description) {
    }

    record NumberingSequence(String documentType, String prefix) {
    }

    static final List<SystemParameter> SYSTEM_PARAMETERS = List.of(
            new SystemParameter("currency", "EUR", "string", "financial", "Devise"),
            new SystemParameter("vat_rate", "20.0", "number", "financial", "Taux de TVA par défaut (%)"),
            new SystemParameter("decimal_precision", "2", "number", "general", "Nombre de décimales"),
            new SystemParameter("auto_numbering", "true", "boolean", "general", "Numérotation automatique"),
            new SystemParameter("backup_enabled", "true", "boolean", "system", "Sauvegardes automatiques"),
            new SystemParameter("audit_enabled", "true", "boolean", "system", "Journal d'audit"));

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

    private static final String FINGERPRINT = fingerprintOf(
            SYSTEM_PARAMETERS + "|" + MATERIAL_CATEGORIES + "|" + NUMBERING_SEQUENCES + "|" + MAIN_SITE_CODE);

    @Override
    public String fingerprint() {
        return FINGERPRINT;
    }

    @Override
    public void seed(JdbcClient jdbc) {
        for (SystemParameter parameter : SYSTEM_PARAMETERS) {
            insertParameter(jdbc, parameter);
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
    }

    static void insertParameter(JdbcClient jdbc, SystemParameter parameter) {
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

    private static String fingerprintOf(String rows) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rows.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

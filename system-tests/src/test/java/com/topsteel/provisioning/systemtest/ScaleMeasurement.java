package com.topsteel.provisioning.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What docs/scale.md reports: the latency of the société list and statistics at 50 and at 2,000
 * sociétés recorded over the two servers. A measurement, not a test of the build: it runs only with
 * {@code -Dscale.measure=true}. Sociétés are recorded straight into AUTH (the endpoints read AUTH
 * only), and removed afterwards.
 */
@EnabledIfSystemProperty(named = "scale.measure", matches = "true")
class ScaleMeasurement extends SystemTest {

    private static final int CALLS = 200;

    @Test
    void list_and_statistics_latency_at_50_and_2000_societes_over_two_servers() {
        String prefix = "SCALE" + Long.toString(System.nanoTime() % 100_000, 36).toUpperCase(Locale.ROOT);
        try {
            record(prefix, 0, 50);
            double[] at50 = measure();
            record(prefix, 50, 2000);
            double[] at2000 = measure();
            System.out.printf(Locale.ROOT, "SCALE list p50 %.2f ms p95 %.2f ms, statistics p50 %.2f ms p95 %.2f ms at 50%n",
                    at50[0], at50[1], at50[2], at50[3]);
            System.out.printf(Locale.ROOT, "SCALE list p50 %.2f ms p95 %.2f ms, statistics p50 %.2f ms p95 %.2f ms at 2000%n",
                    at2000[0], at2000[1], at2000[2], at2000[3]);
            assertThat(at2000[0]).isLessThan(2 * at50[0] + 1);
            assertThat(at2000[2]).isLessThan(2 * at50[2] + 1);
        } finally {
            db.auth().sql("delete from societes where code like :prefix").param("prefix", prefix + "%").update();
        }
    }

    /** Sociétés {@code from}…{@code to - 1}, every other one on the second server, as placement would spread them. */
    private static void record(String prefix, int from, int to) {
        db.auth().sql("""
                insert into societes (id, nom, code, status, database_name, server, requested_by, database_size_bytes)
                select gen_random_uuid(), 'Société ' || n, :prefix || n, 'ACTIVE', lower(:prefix) || '_' || n,
                       case when n % 2 = 0 then 'default' else 'second' end, 'dev-ops', 8000000 + n
                from generate_series(:from, :to - 1) as n""")
                .param("prefix", prefix).param("from", from).param("to", to).update();
        db.auth().sql("analyze societes").update();
    }

    /** p50 and p95 of the list, then of the statistics, in milliseconds, after a warm-up. */
    private static double[] measure() {
        for (int i = 0; i < 50; i++) {
            api.get("/api/societes?page=0&size=20");
            api.get("/api/societes/statistics");
        }
        List<Double> list = new ArrayList<>();
        List<Double> statistics = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            list.add(timed("/api/societes?page=0&size=20"));
            statistics.add(timed("/api/societes/statistics"));
        }
        return new double[] {percentile(list, 50), percentile(list, 95), percentile(statistics, 50), percentile(statistics, 95)};
    }

    private static double timed(String path) {
        long start = System.nanoTime();
        assertThat(api.get(path).status()).isEqualTo(200);
        return (System.nanoTime() - start) / 1_000_000.0;
    }

    private static double percentile(List<Double> samples, int percent) {
        List<Double> sorted = samples.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }
}

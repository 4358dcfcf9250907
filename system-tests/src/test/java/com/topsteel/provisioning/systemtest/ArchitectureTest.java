package com.topsteel.provisioning.systemtest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The boundaries the code keeps, checked on every build so they stay kept: which module may use
 * which, no cycle between the packages of a service, a wire contract free of frameworks, and one
 * module alone naming the job tables.
 */
class ArchitectureTest {

    private static final String ROOT = "com.topsteel.provisioning";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void the_contracts_name_no_framework_and_no_other_module() {
        noClasses().that().resideInAPackage(ROOT + ".contracts..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..",
                        "com.rabbitmq..", ROOT + ".infrastructure..", ROOT + ".jobs..", ROOT + ".gateway..", ROOT + ".worker..")
                .check(CLASSES);
    }

    @Test
    void the_shared_modules_know_nothing_of_the_services() {
        noClasses().that().resideInAnyPackage(ROOT + ".infrastructure..", ROOT + ".jobs..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".gateway..", ROOT + ".worker..", ROOT + ".localstack..")
                .check(CLASSES);
        noClasses().that().resideInAPackage(ROOT + ".infrastructure..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".jobs..")
                .check(CLASSES);
    }

    @Test
    void the_gateway_and_the_worker_never_use_each_other() {
        noClasses().that().resideInAPackage(ROOT + ".gateway..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".worker..")
                .check(CLASSES);
        noClasses().that().resideInAPackage(ROOT + ".worker..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".gateway..")
                .check(CLASSES);
    }

    @Test
    void the_packages_of_each_service_and_of_the_job_model_form_no_cycle() {
        slices().matching(ROOT + ".gateway.(*)..").should().beFreeOfCycles().check(CLASSES);
        slices().matching(ROOT + ".worker.(*)..").should().beFreeOfCycles().check(CLASSES);
        slices().matching(ROOT + ".jobs.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    /** Plain SQL is text: the tables are looked for in the sources. */
    @Test
    void only_the_jobs_module_names_the_job_tables_the_outbox_and_the_upgrade_campaigns() {
        Pattern jobTable = Pattern.compile("(?<![\\w.])provisioning\\.(jobs|job_steps|job_events|outbox|upgrade_campaigns|upgrade_ledger)\\b");
        Path repository = Path.of(System.getProperty("basedir", "."), "..").normalize();
        try (Stream<Path> sources = Files.walk(repository)) {
            List<String> offenders = sources
                    .filter(path -> path.toString().endsWith(".java") && path.toString().contains("/src/main/"))
                    .filter(path -> !path.startsWith(repository.resolve("jobs")))
                    .filter(path -> jobTable.matcher(read(path)).find())
                    .map(path -> repository.relativize(path).toString())
                    .toList();
            assertThat(offenders).as("main sources naming a job table outside the jobs module").isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.parallax.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The house plan's arrows, checked on the compiled classes. */
class LayerRulesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.parallax");
    }

    @Test
    void onlyTheUiImportsJavaFx() {
        noClasses().that().resideOutsideOfPackage("dev.parallax.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..")
                .because("only the ui package talks to JavaFX; services, CLI and the composition root stay headless")
                .check(classes);
    }

    @Test
    void coreImportsNothingOfTheProject() {
        noClasses().that().resideInAPackage("dev.parallax.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.parallax.ui..", "dev.parallax.cli..", "dev.parallax.app..", "dev.parallax.bench..",
                        "dev.parallax.route..", "dev.parallax.engine..", "dev.parallax.models..",
                        "dev.parallax.cost..", "dev.parallax.history..", "dev.parallax.report..",
                        "dev.parallax.secrets..", "dev.parallax.config..", "dev.parallax.privacy..", "dev.parallax.embed..")
                .check(classes);
    }

    @Test
    void servicesBelowTheLineDoNotReachUp() {
        noClasses().that().resideInAnyPackage("dev.parallax.bench..", "dev.parallax.route..", "dev.parallax.engine..",
                        "dev.parallax.privacy..",
                        "dev.parallax.models..", "dev.parallax.cost..", "dev.parallax.history..",
                        "dev.parallax.report..", "dev.parallax.secrets..", "dev.parallax.core..", "dev.parallax.config..",
                        "dev.parallax.embed..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parallax.ui..", "dev.parallax.cli..", "dev.parallax.app..")
                .check(classes);
    }

    @Test
    void detectorsDoNotDependOnEnginesRunsOrHistory() {
        noClasses().that().resideInAPackage("dev.parallax.privacy..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parallax.engine..", "dev.parallax.route..",
                        "dev.parallax.history..", "dev.parallax.models..", "dev.parallax.cost..")
                .because("the gate only reads text and settings; the run path decides what to do with its answer")
                .check(classes);
    }

    @Test
    void keysAndSettingsDoNotDependOnEnginesOrRuns() {
        noClasses().that().resideInAnyPackage("dev.parallax.secrets..", "dev.parallax.config..", "dev.parallax.cost..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parallax.engine..", "dev.parallax.route..",
                        "dev.parallax.history..")
                .check(classes);
    }
}

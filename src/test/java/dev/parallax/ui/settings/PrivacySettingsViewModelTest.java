package dev.parallax.ui.settings;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.privacy.PrivacyAction;
import dev.parallax.privacy.PrivacyConfig;
import dev.parallax.privacy.UserRule;
import dev.parallax.ui.FakeDialogService;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings → Privacy over the real settings file and audit, without the toolkit. */
class PrivacySettingsViewModelTest {

    @TempDir
    Path home;

    private AppServices services;
    private FakeDialogService dialogs;
    private PrivacySettingsViewModel vm;

    @BeforeEach
    void setUp() {
        services = new AppServices(new ParallaxHome(home), false, Map.of("PARALLAX_KEYSTORE", "file",
                "PARALLAX_KEY_PASSPHRASE", "test", "OPENAI_BASE_URL", "http://127.0.0.1:9/v1",
                "OPENAI_API_KEY", "sk-test-0000000000000000000000"));
        dialogs = new FakeDialogService();
        vm = new PrivacySettingsViewModel(services::privacy, () -> List.of("tiny-model"), new CurrentThreadTaskExecutor(),
                dialogs);
        vm.refresh();
    }

    @AfterEach
    void tearDown() {
        services.close();
    }

    @Test
    void showsTheSavedPolicyAndSavesTheFormWhereTheCliReadsIt() throws Exception {
        assertEquals(PrivacyAction.LOCAL_ONLY, vm.defaultActionProperty().get());
        assertEquals(List.of("tiny-model"), vm.localModels());
        var openai = vm.providers().stream().filter(p -> p.provider().equals("openai")).findFirst().orElseThrow();
        assertEquals(Optional.empty(), openai.actionProperty().get());
        assertFalse(vm.nameCheckProperty().get());
        assertTrue(vm.nameCheckStatement().get().startsWith("Off: names of people and places are NOT detected"),
                vm.nameCheckStatement().get());

        vm.defaultActionProperty().set(PrivacyAction.REDACT);
        openai.actionProperty().set(Optional.of(PrivacyAction.LOCAL_ONLY));
        vm.localModelProperty().set("tiny-model");
        vm.similarityProperty().set(0.456);
        vm.phoneRegionsProperty().set("us, ch");
        vm.nameCheckProperty().set(true);
        assertTrue(vm.nameCheckStatement().get().startsWith("On:"), vm.nameCheckStatement().get());
        vm.save();

        assertEquals("", vm.formErrorProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("Saved."), vm.statusProperty().get());
        PrivacyConfig saved = services.privacy().settings();
        assertEquals(PrivacyAction.REDACT, saved.policy().defaultAction());
        assertEquals(Map.of("openai", PrivacyAction.LOCAL_ONLY), saved.policy().providers());
        assertEquals(Optional.of("tiny-model"), saved.localModel());
        assertEquals(0.46, saved.specialSimilarity());
        assertEquals(List.of("US", "CH"), saved.phoneRegions());
        assertTrue(saved.nameCheck());
        String config = Files.readString(home.resolve("config.json"));
        assertTrue(config.contains("\"special_similarity\""), config);
        assertEquals("policy_changed", services.privacy().audit(Optional.of("policy_changed"), 1).get(0).event());

        PrivacySettingsViewModel again = new PrivacySettingsViewModel(services::privacy, List::of,
                new CurrentThreadTaskExecutor(), dialogs);
        again.refresh();
        assertEquals(PrivacyAction.REDACT, again.defaultActionProperty().get());
        assertEquals(0.46, again.similarityProperty().get());
        assertEquals("US, CH", again.phoneRegionsProperty().get());
    }

    @Test
    void aBadPhoneRegionIsNamedAndNothingIsSaved() {
        vm.phoneRegionsProperty().set("US, XX");
        vm.defaultActionProperty().set(PrivacyAction.ALLOW);
        vm.save();
        assertEquals("Phone regions: XX is not a region libphonenumber knows; use ISO 3166 codes such as US, GB, DE, FR.",
                vm.formErrorProperty().get());
        assertEquals(PrivacyAction.LOCAL_ONLY, services.privacy().settings().policy().defaultAction());
    }

    @Test
    void rulesAreValidatedWithAClearErrorAddedAndRemoved() {
        vm.ruleNameProperty().set("tickets");
        vm.rulePatternProperty().set("CASE-(\\d{5}");
        vm.addRule();
        assertTrue(vm.ruleErrorProperty().get().startsWith("Rule tickets: 'CASE-(\\d{5}' is not a valid regular expression: "),
                vm.ruleErrorProperty().get());
        assertEquals(List.of(), services.privacy().rules());

        vm.ruleNameProperty().set("");
        vm.rulePatternProperty().set("CASE-\\d{5}");
        vm.addRule();
        assertTrue(vm.ruleErrorProperty().get().startsWith("Give the rule a name"), vm.ruleErrorProperty().get());

        vm.ruleNameProperty().set("tickets");
        vm.addRule();
        assertEquals("", vm.ruleErrorProperty().get());
        vm.ruleNameProperty().set("projects");
        vm.ruleKindProperty().set(PrivacySettingsViewModel.RuleKind.KEYWORDS);
        vm.rulePatternProperty().set("Bluebird, Nightjar ,");
        vm.addRule();
        assertEquals(List.of(UserRule.regex("tickets", "CASE-\\d{5}"), UserRule.keywords("projects", List.of("Bluebird", "Nightjar"))),
                vm.rules());
        assertEquals(vm.rules(), services.privacy().rules());
        assertEquals("keywords  Bluebird, Nightjar", PrivacySettingsViewModel.describe(vm.rules().get(1)));
        assertEquals(1, services.privacy().check("Status of Bluebird?").findings().size());

        vm.removeRule(vm.rules().get(0));
        assertEquals(List.of("projects"), services.privacy().rules().stream().map(UserRule::name).toList());
        assertTrue(dialogs.shown.isEmpty(), dialogs.shown.toString());
    }
}

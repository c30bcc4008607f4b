package dev.parallax.ui.audit;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.history.AuditEvent;
import dev.parallax.history.StoredFinding;
import dev.parallax.privacy.UserRule;
import dev.parallax.ui.FakeDialogService;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Audit screen over a real audit table, without the toolkit. */
class AuditViewModelTest {

    @TempDir
    Path home;

    private AppServices services;
    private AuditViewModel vm;

    @BeforeEach
    void setUp() {
        services = new AppServices(new ParallaxHome(home), false, Map.of("PARALLAX_KEYSTORE", "file",
                "PARALLAX_KEY_PASSPHRASE", "test"));
        vm = new AuditViewModel(services::privacy, new CurrentThreadTaskExecutor(), new FakeDialogService());
    }

    @AfterEach
    void tearDown() {
        services.close();
    }

    private void run(Instant at, String requested, String chosen, String rule, String action, int redactions,
                     List<StoredFinding> findings) {
        services.audit().record(new AuditEvent(0, at, "run", Optional.of("run-" + at.getEpochSecond()),
                Optional.of(requested), Optional.of(chosen), Optional.of(rule), Optional.of(action), findings, redactions,
                Optional.empty()));
    }

    @Test
    void listsDecisionsNewestFirstFiltersThemAndShowsSpansNeverValues() {
        StoredFinding mail = new StoredFinding("email", 9, 31, 0.98, "email");
        StoredFinding phone = new StoredFinding("phone", 35, 51, 0.92, "libphonenumber");
        StoredFinding dismissedMail = new StoredFinding("email", 9, 31, 0.98, "email", true);
        run(Instant.parse("2026-11-27T10:00:00Z"), "openai:gpt-4o-mini", "local:tiny", "default_policy", "local-only", 0,
                List.of(mail, mail, phone));
        run(Instant.parse("2026-11-27T10:01:00Z"), "anthropic:claude-haiku", "anthropic:claude-haiku", "provider_policy",
                "redact", 1, List.of(mail));
        run(Instant.parse("2026-11-27T10:02:00Z"), "openai:gpt-4o-mini", "openai:gpt-4o-mini", "dismissed_by_user",
                "allow", 0, List.of(dismissedMail));
        services.privacy().putRule(UserRule.keywords("projects", List.of("Bluebird")));

        vm.refresh();
        assertEquals(4, vm.rows().size());
        assertEquals("4 of 4 lines · 3 decisions", vm.summaryProperty().get());
        assertEquals(List.of("All providers", "anthropic", "openai"), vm.providerChoices());
        AuditRow first = vm.rows().get(1);
        assertEquals("allow", first.decision());
        assertEquals("dismissed_by_user", first.rule());
        assertEquals("", first.findings());
        assertEquals(1, first.dismissed());
        AuditRow oldest = vm.rows().get(3);
        assertEquals("email ×2, phone", oldest.findings());
        assertEquals("local:tiny", oldest.chosen());

        vm.decisionProperty().set("local-only");
        assertEquals(List.of(oldest), vm.rows());
        vm.decisionProperty().set(AuditViewModel.ALL_DECISIONS);
        vm.providerProperty().set("anthropic");
        assertEquals(1, vm.rows().size());
        assertEquals(1, vm.rows().get(0).redactions());
        vm.providerProperty().set(AuditViewModel.ALL_PROVIDERS);
        vm.decisionProperty().set(AuditViewModel.SETTINGS_CHANGES);
        assertEquals("rule added", vm.rows().get(0).decision());
        vm.decisionProperty().set(AuditViewModel.ALL_DECISIONS);

        vm.selectedProperty().set(vm.rows().get(1));
        String details = vm.detailsProperty().get();
        assertTrue(details.contains("Rule        dismissed_by_user"), details);
        assertTrue(details.contains("email                    9–31    email"), details);
        assertTrue(details.contains("dismissed by the user"), details);
        assertTrue(details.contains("values are never stored"), details);
    }

    @Test
    void anEmptyAuditSaysSo() {
        vm.refresh();
        assertEquals(List.of(), vm.rows());
        assertEquals("0 of 0 lines · 0 decisions", vm.summaryProperty().get());
        assertEquals("", vm.detailsProperty().get());
    }
}

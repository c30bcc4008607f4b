package dev.parallax.ui.playground;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.core.Target;
import dev.parallax.privacy.EntityType;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The privacy chip over the real gate, without the toolkit. */
class PrivacyCheckViewModelTest {

    @TempDir
    Path home;

    private AppServices services;
    private PrivacyCheckViewModel vm;

    @BeforeEach
    void setUp() {
        services = new AppServices(new ParallaxHome(home), false, Map.of("PARALLAX_KEYSTORE", "file",
                "PARALLAX_KEY_PASSPHRASE", "test"));
        vm = new PrivacyCheckViewModel(services::privacy, new CurrentThreadTaskExecutor());
    }

    @AfterEach
    void tearDown() {
        services.close();
    }

    @Test
    void anEmailIsFoundWithItsSpanAndTheOutcomeForTheTarget() {
        String prompt = "Write to jane.doe@example.com about the invoice";
        vm.check(prompt, Target.parse("openai:gpt-4o-mini"));
        assertEquals(PrivacyCheckViewModel.Level.FOUND, vm.levelProperty().get());
        assertTrue(vm.summaryProperty().get().startsWith("Privacy: 1 finding: email · "), vm.summaryProperty().get());
        assertTrue(vm.summaryProperty().get().contains("openai"), vm.summaryProperty().get());
        var f = vm.checkedProperty().get().findings().get(0);
        assertEquals(EntityType.EMAIL, f.type());
        assertEquals("jane.doe@example.com", prompt.substring(f.start(), f.end()));

        vm.check(prompt, Target.local("tiny"));
        assertTrue(vm.summaryProperty().get().endsWith("stays on this machine"), vm.summaryProperty().get());

        vm.check("What is the capital of France?", Target.parse("openai:gpt-4o-mini"));
        assertEquals(PrivacyCheckViewModel.Level.CLEAR, vm.levelProperty().get());
        assertEquals("Privacy: nothing found · sent as is to openai", vm.summaryProperty().get());

        vm.check("  ", null);
        assertEquals("", vm.summaryProperty().get());
        assertNull(vm.checkedProperty().get());
    }

    @Test
    void aFindingMarkedNotSensitiveStopsCountingForTheSessionOnly() {
        String prompt = "Write to jane.doe@example.com and copy bob.stone@example.org about the invoice";
        Target cloud = Target.parse("openai:gpt-4o-mini");
        vm.check(prompt, cloud);
        assertEquals(2, vm.checkedProperty().get().findings().size());
        var jane = vm.checkedProperty().get().findings().get(0);

        vm.dismiss(jane);
        assertEquals(1, vm.dismissedCount());
        var after = vm.checkedProperty().get();
        assertEquals(1, after.findings().size());
        assertEquals("bob.stone@example.org", prompt.substring(after.findings().get(0).start(), after.findings().get(0).end()));
        assertEquals(1, after.dismissed().size());
        assertEquals("Privacy: 1 finding: email (1 dismissed) · kept local (not sent to openai)", vm.summaryProperty().get());

        vm.dismiss(after.findings().get(0));
        assertEquals(PrivacyCheckViewModel.Level.CLEAR, vm.levelProperty().get());
        assertEquals("Privacy: nothing found (2 dismissed) · sent as is to openai", vm.summaryProperty().get());

        vm.check("New text, same address: jane.doe@example.com", cloud);
        assertEquals(PrivacyCheckViewModel.Level.CLEAR, vm.levelProperty().get(), "the same value anywhere in the session");

        PrivacyCheckViewModel otherSession = new PrivacyCheckViewModel(services::privacy, new CurrentThreadTaskExecutor());
        otherSession.check(prompt, cloud);
        assertEquals(PrivacyCheckViewModel.Level.FOUND, otherSession.levelProperty().get());

        vm.restoreDismissed();
        assertEquals(PrivacyCheckViewModel.Level.FOUND, vm.levelProperty().get());
        assertEquals(0, vm.dismissedCount());
    }
}

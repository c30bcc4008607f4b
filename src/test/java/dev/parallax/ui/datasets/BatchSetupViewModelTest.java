package dev.parallax.ui.datasets;

import dev.parallax.core.Target;
import dev.parallax.ui.FakeDialogService;
import dev.parallax.ui.playground.TargetChoice;
import org.junit.jupiter.api.Test;

import dev.parallax.history.DatasetRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Targets the batch setup has no suggestion for (a provider without prices) are typed in. */
class BatchSetupViewModelTest {

    private final FakeDialogService dialogs = new FakeDialogService();
    private final BatchSetupViewModel vm = new BatchSetupViewModel(dialogs);

    @Test
    void aTypedTargetOfAKnownProviderIsListedChosenAndKeptWhenTheSuggestionsChange() {
        vm.setProviderNames(List.of("openai", "ollama"));
        vm.setCloudTargets(List.of(Target.parse("openai:gpt-4o-mini")));
        vm.typedTargetProperty().set("  ollama:llama3.2:1b ");

        assertTrue(vm.addTypedTarget());

        Target typed = new Target("ollama", "llama3.2:1b");
        assertEquals(List.of(Target.parse("openai:gpt-4o-mini"), typed), vm.targets().stream().map(TargetChoice::target).toList());
        assertEquals(List.of(typed), vm.chosen().stream().map(TargetChoice::target).toList());
        assertEquals("", vm.typedTargetProperty().get());
        assertEquals(List.of("ollama"), vm.cloudLanes(), "its provider gets its own number of runs at once");

        vm.setCloudTargets(List.of());
        assertEquals(List.of(typed), vm.targets().stream().map(TargetChoice::target).toList());
        assertTrue(vm.isChosen(vm.targets().get(0)));
        assertTrue(dialogs.ofKind("error").isEmpty());
    }

    @Test
    void theLineUnderTheDatasetSaysWhatIsMissingOrHowManyRunsTheBatchMakes() {
        vm.setProviderNames(List.of("openai"));
        vm.setCloudTargets(List.of(Target.parse("openai:gpt-4o-mini"), Target.parse("openai:gpt-4o")));
        assertEquals("Pick a dataset (import one first).", vm.readinessProperty().get());
        vm.datasetProperty().set(new DatasetRecord("d", "story-starters-20.csv", "story-starters-20.csv", "csv",
                Instant.EPOCH, 20, List.of("prompt"), Map.of(), List.of()));
        assertEquals("Pick at least one target.", vm.readinessProperty().get());
        // The line stays when the problem goes, so what is under it does not move between two clicks.
        vm.chosen().add(vm.targets().get(0));
        assertEquals("Ready: 20 runs (20 rows × 1 target).", vm.readinessProperty().get());
        vm.chosen().add(vm.targets().get(1));
        vm.repeatProperty().set(3);
        assertEquals("Ready: 120 runs (20 rows × 2 targets × 3 repeats).", vm.readinessProperty().get());
        assertEquals("", vm.problemProperty().get());
    }

    @Test
    void aSuggestedTargetTypedAgainIsChosenNotListedTwice() {
        vm.setProviderNames(List.of("openai"));
        vm.setCloudTargets(List.of(Target.parse("openai:gpt-4o-mini")));
        vm.typedTargetProperty().set("openai:gpt-4o-mini");
        assertTrue(vm.addTypedTarget());
        assertEquals(1, vm.targets().size());
        assertEquals(1, vm.chosen().size());
    }

    @Test
    void anUnknownProviderOrNoModelIsRefusedWithTheReason() {
        vm.setProviderNames(List.of("openai", "ollama"));
        vm.typedTargetProperty().set("olama:llama3.2");
        assertFalse(vm.addTypedTarget());
        assertTrue(dialogs.ofKind("error").get(0).message().contains("no provider named 'olama'"),
                dialogs.ofKind("error").get(0).message());
        assertEquals("olama:llama3.2", vm.typedTargetProperty().get(), "what was typed stays, to be corrected");

        vm.typedTargetProperty().set("llama3.2");
        assertFalse(vm.addTypedTarget());
        assertTrue(dialogs.ofKind("error").get(1).message().contains("provider:model"), dialogs.ofKind("error").get(1).message());

        vm.typedTargetProperty().set("ollama:");
        assertFalse(vm.addTypedTarget());
        assertTrue(vm.targets().isEmpty());
        assertTrue(vm.chosen().isEmpty());
    }
}

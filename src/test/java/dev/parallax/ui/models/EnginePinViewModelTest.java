package dev.parallax.ui.models;

import dev.parallax.config.ConfigFile;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.route.EnginePreferences;
import dev.parallax.ui.FakeDialogService;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Models → details → Engine: shows each model's saved pin and saves the user's choice to config.json. */
class EnginePinViewModelTest {

    @TempDir
    Path home;

    @Test
    void showsThePinOfTheSelectedModelAndSavesAChange() {
        EnginePreferences prefs = new EnginePreferences(new ConfigFile(home.resolve("config.json")));
        prefs.setForModel("qwen", EngineChoice.JAVA_LLAMA_CPP);
        FakeDialogService dialogs = new FakeDialogService();
        EnginePinViewModel vm = new EnginePinViewModel(() -> prefs, new CurrentThreadTaskExecutor(), dialogs);

        vm.show("qwen");
        assertTrue(vm.readyProperty().get());
        assertEquals(EngineChoice.JAVA_LLAMA_CPP, vm.choiceProperty().get());

        vm.show("smollm");
        assertEquals(EngineChoice.AUTO, vm.choiceProperty().get(), "showing another model does not save anything");
        assertEquals(Optional.empty(), prefs.forModel("smollm"));

        vm.choiceProperty().set(EngineChoice.CURRENT);
        assertEquals(Optional.of(EngineChoice.CURRENT), prefs.forModel("smollm"));
        assertEquals(Optional.of(EngineChoice.JAVA_LLAMA_CPP), prefs.forModel("qwen"));

        vm.choiceProperty().set(EngineChoice.AUTO);
        assertEquals(Optional.empty(), prefs.forModel("smollm"), "auto removes the pin");
        assertTrue(dialogs.ofKind("error").isEmpty());
    }

    @Test
    void aChoiceThatCannotBeSavedIsUndoneAndSaysWhy() throws Exception {
        Path blocked = home.resolve("not-a-folder");
        Files.writeString(blocked, "a file where the config folder should be");
        EnginePreferences prefs = new EnginePreferences(new ConfigFile(blocked.resolve("config.json")));
        FakeDialogService dialogs = new FakeDialogService();
        EnginePinViewModel vm = new EnginePinViewModel(() -> prefs, new CurrentThreadTaskExecutor(), dialogs);

        vm.show("qwen");
        vm.choiceProperty().set(EngineChoice.JAVA_LLAMA_CPP);
        assertEquals(EngineChoice.AUTO, vm.choiceProperty().get());
        assertEquals("Engine choice not saved", dialogs.ofKind("error").get(0).title());
        assertFalse(dialogs.ofKind("error").get(0).message().isBlank());
    }
}

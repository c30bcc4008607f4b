package dev.parallax.ui.settings;

import dev.parallax.app.Settings;
import dev.parallax.app.SettingsStore;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.PromptMode;
import dev.parallax.ui.FakeDialogService;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsViewModelTest {

    @TempDir
    Path home;

    @Test
    void themeIsSavedAtOnceDefaultsOnRequest() throws Exception {
        SettingsStore store = new SettingsStore(home.resolve("config.json"));
        FakeDialogService dialogs = new FakeDialogService();
        SettingsViewModel vm = new SettingsViewModel(store, Settings.initial(), home, new CurrentThreadTaskExecutor(), dialogs);
        assertEquals(home.toString(), vm.dataFolder());

        vm.themeProperty().set(Settings.Theme.DARK);
        assertEquals(Settings.Theme.DARK, store.load().theme());

        AtomicReference<GenerationParams> applied = new AtomicReference<>();
        vm.setOnDefaultsSaved((p, m) -> applied.set(p));
        vm.defaults().maxTokensProperty().set(64);
        vm.defaults().modeProperty().set(PromptMode.CHAT);
        assertEquals(256, store.load().defaults().maxTokens(), "not saved before Save");
        vm.saveDefaults();
        assertEquals(64, store.load().defaults().maxTokens());
        assertEquals(PromptMode.CHAT, store.load().mode());
        assertEquals(Settings.Theme.DARK, store.load().theme(), "the theme stays");
        assertEquals(64, applied.get().maxTokens());

        vm.defaults().topPProperty().set(0.0);
        vm.saveDefaults();
        assertTrue(dialogs.ofKind("error").get(0).message().contains("top-p"), dialogs.shown.toString());
        assertEquals(64, store.load().defaults().maxTokens());

        vm.restoreBuiltInDefaults();
        assertEquals(GenerationParams.defaults(), vm.defaults().toParams());
    }
}

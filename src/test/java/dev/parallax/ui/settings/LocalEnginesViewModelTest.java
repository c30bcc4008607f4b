package dev.parallax.ui.settings;

import dev.parallax.config.ConfigFile;
import dev.parallax.engine.local.LocalEngine;
import dev.parallax.engine.local.LocalEngines;
import dev.parallax.engine.local.WorkerLaunch;
import dev.parallax.route.EnginePreferences;
import dev.parallax.ui.FakeDialogService;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings → Local engines: the keep-loaded switch is saved, applied to the engines at once, and read back. */
class LocalEnginesViewModelTest {

    @TempDir
    Path home;

    @Test
    void turningKeepLoadedOffSavesItAndAppliesItToTheEngines() {
        EnginePreferences prefs = new EnginePreferences(new ConfigFile(home.resolve("config.json")));
        LocalEngine engine = new LocalEngine("java-llama.cpp", WorkerLaunch.sameRuntime("no.such.Main", home, home.resolve("engine.log"), false),
                new StringWriter(), true);
        LocalEngines engines = LocalEngines.only(engine);
        FakeDialogService dialogs = new FakeDialogService();
        LocalEnginesViewModel vm = new LocalEnginesViewModel(() -> prefs, () -> engines, new CurrentThreadTaskExecutor(), dialogs);

        vm.refresh();
        assertTrue(vm.readyProperty().get());
        assertTrue(vm.keepLoadedProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("auto runs local models on java-llama.cpp (b4916): the current llama.cpp is not available ("),
                vm.statusProperty().get());

        vm.keepLoadedProperty().set(false);
        assertFalse(prefs.keepModelLoaded());
        assertFalse(engine.keepsModelLoaded());

        LocalEnginesViewModel reopened = new LocalEnginesViewModel(() -> prefs, () -> engines, new CurrentThreadTaskExecutor(), dialogs);
        reopened.refresh();
        assertFalse(reopened.keepLoadedProperty().get());
        assertTrue(dialogs.ofKind("error").isEmpty());
        engine.close();
    }
}

package dev.parallax.ui.shell;

import dev.parallax.engine.EngineState;
import dev.parallax.engine.local.LocalEngine;
import dev.parallax.engine.local.WorkerLaunch;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import dev.parallax.ui.base.UiThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShellViewModelTest {

    @TempDir
    Path home;

    @Test
    void statusBarShowsStateModelAndMemory() {
        ShellViewModel vm = new ShellViewModel(() -> null, new CurrentThreadTaskExecutor(), UiThread.direct());
        vm.show(EngineState.GENERATING, new LocalEngine.Status(EngineState.GENERATING,
                Optional.of("/models/imported/stories260K.gguf"), OptionalLong.of(150L << 20)));
        assertEquals("Generating", vm.engineStateProperty().get());
        assertTrue(vm.engineBusyProperty().get());
        assertEquals("stories260K.gguf", vm.loadedModelProperty().get());
        assertEquals("Worker 150.0 MiB", vm.workerMemoryProperty().get());
        vm.show(EngineState.IDLE, new LocalEngine.Status(EngineState.IDLE, Optional.empty(), OptionalLong.empty()));
        assertEquals("Idle", vm.engineStateProperty().get());
        assertEquals("No model loaded", vm.loadedModelProperty().get());
        assertEquals("", vm.workerMemoryProperty().get());
        assertEquals("Starting engine", ShellViewModel.label(EngineState.STARTING));
        assertEquals("Loading model", ShellViewModel.label(EngineState.LOADING));
    }

    @Test
    void connectsToARealEngineAndPolls() {
        LocalEngine engine = new LocalEngine("java-llama.cpp", WorkerLaunch.sameRuntime("none", home.resolve("native"),
                home.resolve("engine.log"), false), new StringWriter(), true);
        CurrentThreadTaskExecutor tasks = new CurrentThreadTaskExecutor();
        try (ShellViewModel vm = new ShellViewModel(() -> engine, tasks, UiThread.direct())) {
            vm.startEngineStatus();
            assertEquals("Idle", vm.engineStateProperty().get());
            assertFalse(vm.engineBusyProperty().get());
            tasks.runRepeatedJobs();
            assertEquals("No model loaded", vm.loadedModelProperty().get());
        } finally {
            engine.close();
        }
    }

    @Test
    void anEngineThatCannotStartIsShown() {
        ShellViewModel vm = new ShellViewModel(() -> {
            throw new IllegalStateException("cannot open the engine log");
        }, new CurrentThreadTaskExecutor(), UiThread.direct());
        vm.startEngineStatus();
        assertEquals("Engine unavailable", vm.engineStateProperty().get());
        assertEquals("cannot open the engine log", vm.problemProperty().get());
    }
}

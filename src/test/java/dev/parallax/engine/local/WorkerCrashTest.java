package dev.parallax.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.core.GenerationParams;
import dev.parallax.core.HostFacts;
import dev.parallax.core.ModelIdentity;
import dev.parallax.core.RunRecorder;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.testing.TestModels;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker whose JVM dies in a fault, as one does when native code faults: the run says where and what. */
class WorkerCrashTest {

    @TempDir
    Path home;

    @Test
    void aCrashedWorkerFailsTheRunWithTheFaultAndItsReportInTheLogFolder() throws Exception {
        Path logs = Files.createDirectories(home.resolve("logs"));
        Path stale = Files.writeString(logs.resolve("worker-crash-1.log"), "an old report");
        for (int i = 2; i <= 6; i++) {
            Files.writeString(logs.resolve("worker-crash-" + i + ".log"), "a newer report");
        }
        Files.setLastModifiedTime(stale, FileTime.fromMillis(1000));
        WorkerLaunch launch = WorkerLaunch.sameRuntime(CrashingWorkerMain.class.getName(), home.resolve("native"),
                logs.resolve("engine.log"), false);
        StringWriter log = new StringWriter();
        try (LocalEngine engine = new LocalEngine("crashing", launch, log, true)) {
            RunSpec spec = RunSpec.raw(Target.local(TestModels.stories260K().toString()), "Once upon a time",
                    GenerationParams.defaults().withMaxTokens(8));
            RunRecorder recorder = new RunRecorder("t", spec, ModelIdentity.unknown("m"),
                    new HostFacts("cpu", 2, 1, "os", "test"), Instant.now(), System.nanoTime(), System::nanoTime);
            assertTrue(engine.stream(spec, recorder).await(Duration.ofSeconds(60)), "the run ended");
            RunResult result = recorder.result(Instant.now());

            assertEquals(RunStatus.FAILED, result.status());
            String error = result.error().orElse("");
            Matcher m = Pattern.compile("^local engine stopped unexpectedly \\(crashed: SIGSEGV in libjvm\\.so, at \\S+; "
                    + "the crash report is in (\\S+worker-crash-\\d+\\.log)\\)$").matcher(error);
            assertTrue(m.matches(), error + "\n" + log);
            Path report = Path.of(m.group(1));
            assertEquals(logs.toRealPath(), report.getParent().toRealPath(), "next to the engine log, not in the working folder");
            assertTrue(Files.readString(report).contains("SIGSEGV"), "the JVM wrote its report there");
            assertTrue(Files.notExists(stale), "the oldest report made room for the new one");
        }
    }

    @Test
    void aCppExceptionOutOfLlamaCppIsNamedInsteadOfABareAbort() throws Exception {
        Path logs = Files.createDirectories(home.resolve("logs"));
        WorkerLaunch launch = WorkerLaunch.sameRuntime(CrashingWorkerMain.class.getName(), home.resolve("native"),
                logs.resolve("engine.log"), false).withEnvironment(java.util.Map.of("CRASH", "throw"));
        try (LocalEngine engine = new LocalEngine("throwing", launch, new StringWriter(), true)) {
            RunSpec spec = RunSpec.raw(Target.local(TestModels.stories260K().toString()), "Once upon a time",
                    GenerationParams.defaults().withMaxTokens(8));
            RunRecorder recorder = new RunRecorder("t", spec, ModelIdentity.unknown("m"),
                    new HostFacts("cpu", 2, 1, "os", "test"), Instant.now(), System.nanoTime(), System::nanoTime);
            assertTrue(engine.stream(spec, recorder).await(Duration.ofSeconds(60)), "the run ended");
            assertEquals("local engine stopped unexpectedly (aborted (SIGABRT): what():  _Map_base::at)",
                    recorder.result(Instant.now()).error().orElse(""));
        }
    }
}

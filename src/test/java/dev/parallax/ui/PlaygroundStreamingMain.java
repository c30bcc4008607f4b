package dev.parallax.ui;

import static dev.parallax.ui.FxCalls.fx;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.app.Settings;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.PromptMode;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.ui.base.FxDialogService;
import dev.parallax.ui.playground.PlaygroundViewModel;
import dev.parallax.ui.playground.TargetChoice;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the desktop's own rendering costs a local model it measures: the same generation run from the Playground of a
 * real window (tokens streamed to the screen, Text or Markdown) and through the run service with no window, in
 * alternation, in one process. Prints one JSON line with the median tokens/s of each and the app's own CPU time per
 * run (the model runs in its worker process, so this is the window's and Parallax's share alone).
 *
 * <p>Run it under Xvfb (or on a desktop) to measure a real window, or with Monocle's headless platform:
 * {@code bench/ui-stream.sh MODEL [TOKENS] [RUNS] [text|markdown]}.
 */
public final class PlaygroundStreamingMain {

    private static final String PROMPT = "Write a long story";

    private PlaygroundStreamingMain() {
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]).toAbsolutePath();
        int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        boolean markdown = args.length > 3 && args[3].equalsIgnoreCase("markdown");
        Path home = dev.parallax.testing.TempDirs.removedAtExit("parallax-ui-stream");
        AppServices services = new AppServices(new ParallaxHome(home), false);
        Platform.startup(() -> { });
        MainWindow window = fx(() -> {
            MainWindow w = new MainWindow(services, Settings.initial(), Optional.empty(), new Stage(),
                    FxDialogService::new, () -> { });
            w.show();
            w.startServices();
            return w;
        });
        PlaygroundViewModel vm = window.playground();
        Target target = Target.parse("local:" + model);
        GenerationParams params = GenerationParams.defaults().withMaxTokens(tokens).withSeed(42).withTemperature(0.8);
        fx(() -> {
            TargetChoice choice = vm.resolve(target.toString());
            vm.targetProperty().set(choice);
            vm.markdownProperty().set(markdown);
            vm.parameters().maxTokensProperty().set(tokens);
            vm.parameters().seedProperty().set("42");
            vm.promptProperty().set(PROMPT);
            return null;
        });

        List<Double> windowRates = new ArrayList<>();
        List<Double> plainRates = new ArrayList<>();
        List<Double> windowCpu = new ArrayList<>();
        List<Double> plainCpu = new ArrayList<>();
        plain(services, target, params); // warm-up: worker started, model loaded, code compiled
        playground(vm);
        for (int i = 0; i < runs; i++) {
            long c0 = cpuNanos();
            RunResult p = plain(services, target, params);
            long c1 = cpuNanos();
            RunResult w = playground(vm);
            long c2 = cpuNanos();
            plainRates.add(p.timings().completionTokensPerSecond().orElse(Double.NaN));
            windowRates.add(w.timings().completionTokensPerSecond().orElse(Double.NaN));
            plainCpu.add((c1 - c0) / 1e6);
            windowCpu.add((c2 - c1) / 1e6);
            System.err.printf(Locale.ROOT, "run %d: no window %.1f tok/s (%.0f ms CPU), Playground %.1f tok/s (%.0f ms CPU)%n",
                    i + 1, plainRates.get(i), plainCpu.get(i), windowRates.get(i), windowCpu.get(i));
        }
        System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"tokens\":%d,\"runs\":%d,\"view\":\"%s\",\"platform\":\"%s\","
                        + "\"no_window_tps\":%.1f,\"playground_tps\":%.1f,\"ratio\":%.3f,"
                        + "\"no_window_app_cpu_ms\":%.0f,\"playground_app_cpu_ms\":%.0f,\"cores\":%d}%n",
                model.getFileName(), tokens, runs, markdown ? "markdown" : "text",
                System.getProperty("glass.platform", "native"), median(plainRates), median(windowRates),
                median(windowRates) / median(plainRates), median(plainCpu), median(windowCpu),
                Runtime.getRuntime().availableProcessors());
        fx(() -> {
            window.close();
            return null;
        });
        services.close();
        Platform.exit();
        System.exit(0);
    }

    private static RunResult plain(AppServices services, Target target, GenerationParams params) throws Exception {
        RunSpec spec = RunSpec.prompt(target, null, PROMPT, PromptMode.AUTO, params);
        RunResult r = services.runService().start(spec, EngineChoice.AUTO, e -> { }).await();
        if (r.status() != RunStatus.COMPLETED && r.status() != RunStatus.TRUNCATED) {
            throw new IllegalStateException("the run without a window ended " + r.status() + ": " + r.error().orElse(""));
        }
        return r;
    }

    private static RunResult playground(PlaygroundViewModel vm) throws Exception {
        RunResult before = fx(() -> vm.lastResultProperty().get());
        fx(() -> {
            vm.run();
            return null;
        });
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < end) {
            RunResult r = fx(() -> vm.isRunning() ? null : vm.lastResultProperty().get());
            if (r != null && r != before) {
                if (r.status() != RunStatus.COMPLETED && r.status() != RunStatus.TRUNCATED) {
                    throw new IllegalStateException("the Playground run ended " + r.status() + ": " + r.error().orElse(""));
                }
                return r;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the Playground run did not end within 5 minutes");
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}

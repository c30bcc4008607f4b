package dev.parallax.bench.batch;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.bench.dataset.ColumnMapping;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.TaskProgress;
import dev.parallax.core.Target;
import dev.parallax.engine.local.EngineChoice;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Parallax home whose "openai" provider is a fake server on 127.0.0.1, and datasets of numbered prompts. */
final class BatchFixture {

    private BatchFixture() {
    }

    static Map<String, String> env(java.net.URI openAiBase) {
        Map<String, String> env = new HashMap<>();
        env.put("PARALLAX_KEYSTORE", "file");
        env.put("OPENAI_BASE_URL", openAiBase.toString());
        env.put("OPENAI_API_KEY", "sk-test-00000000000000000000");
        return env;
    }

    static AppServices services(Path home, java.net.URI openAiBase) {
        return new AppServices(new ParallaxHome(home), false, env(openAiBase));
    }

    /** Prompts of equal length ("question 0007"...), so every run costs the same. */
    static String prompt(int i) {
        return String.format("question %04d", i);
    }

    static String importRows(AppServices services, Path dir, int rows) throws Exception {
        StringBuilder csv = new StringBuilder("prompt,expected\n");
        for (int i = 0; i < rows; i++) {
            csv.append(prompt(i)).append(",tok\n");
        }
        Path file = dir.resolve("rows-" + rows + "-" + System.nanoTime() + ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return services.datasets().importFile(file, ColumnMapping.auto(), Optional.empty(), TaskProgress.none())
                .dataset().id();
    }

    static BatchRequest request(String datasetId, List<Target> targets, Map<String, Integer> limits,
                                Optional<BigDecimal> budget, List<String> checks) {
        return new BatchRequest(datasetId, targets, 1, limits, budget, GenerationParams.defaults().withMaxTokens(32),
                checks, EngineChoice.AUTO);
    }

    static final Target OPENAI = new Target("openai", "gpt-4o-mini");
}

package dev.parallax.history;

import dev.parallax.core.CostBasis;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.ModelIdentity;
import dev.parallax.core.RunCost;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.core.Timings;
import dev.parallax.core.Usage;
import dev.parallax.core.UsageBasis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The V2 columns: attempts, network phases, cached tokens, stop reason, provider timings, cost and its inputs. */
class CloudRunRecordsTest {

    private static final Instant T0 = Instant.parse("2025-08-15T10:00:00Z");

    @TempDir
    Path home;

    static RunResult cloudResult(String id) {
        RunSpec spec = RunSpec.chat(new Target("openai", "gpt-4o-mini"), "Be brief.", "Hi", GenerationParams.defaults());
        Timings t = new Timings(3.5, OptionalDouble.empty(), OptionalDouble.of(2412.25), 2890.5, OptionalDouble.of(120.0),
                OptionalDouble.of(55.5), Optional.empty(), 2, 2034, OptionalDouble.of(41.5), OptionalDouble.of(77.25),
                OptionalDouble.of(301.75));
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("price_entry", "openai:gpt-4o-mini");
        inputs.put("input_usd_per_mtok", "0.15");
        inputs.put("prompt_tokens", "21");
        RunCost cost = new RunCost(new BigDecimal("0.00001215"), CostBasis.EXACT, inputs);
        return new RunResult(id, spec, RunStatus.COMPLETED, "Hello!", Optional.empty(),
                new Usage(21, 15, UsageBasis.EXACT, 8), t, new ModelIdentity("gpt-4o-mini", "", "", "", "",
                "openai-chat", "openai https://api.openai.com/v1"), SampleRuns.HOST, T0, T0.plusMillis(2890),
                Optional.of("stop"), Map.of("processing_ms", 250.0, "queue_ms", 12.5), Optional.of(cost));
    }

    @Test
    void everyCloudFieldSurvivesAReopen() {
        RunResult result = cloudResult("c1");
        try (HistoryDatabase db = HistoryDatabase.open(home)) {
            RunRepository runs = new RunRepository(db);
            runs.recordStart("c1", result.spec(), result.model(), result.host(), T0);
            runs.recordEnd(result, result.cost().map(RunCost::usd), Optional.of("exact"));
        }
        try (HistoryDatabase db = HistoryDatabase.open(home)) {
            RunRecord r = new RunRepository(db).find("c1").orElseThrow();
            assertEquals(2, r.timings().attempts());
            assertEquals(2034, r.timings().retryWaitMs());
            assertEquals(OptionalDouble.of(301.75), r.timings().ttftFromSendMs());
            assertEquals(8, r.usage().cachedPromptTokens());
            assertEquals(Optional.of("stop"), r.stopReason());
            assertEquals(Map.of("processing_ms", 250.0, "queue_ms", 12.5), r.providerTimings());
            assertEquals("0.15", r.costInputs().get("input_usd_per_mtok"));
            assertEquals(Optional.of(result), r.toRunResult());
        }
    }

    @Test
    void recordEndWithoutCostArgumentsTakesTheResultsCost() {
        try (HistoryDatabase db = HistoryDatabase.open(home)) {
            RunRepository runs = new RunRepository(db);
            runs.recordEnd(cloudResult("c2"));
            RunRecord r = runs.find("c2").orElseThrow();
            assertEquals(Optional.of(new BigDecimal("0.00001215")), r.costUsd());
            assertEquals(Optional.of("exact"), r.costBasis());
        }
    }

    @Test
    void anUnknownCostStoresNoInputsAndNull() throws Exception {
        RunResult noCost = cloudResult("c3").withCost(Optional.empty());
        try (HistoryDatabase db = HistoryDatabase.open(home)) {
            RunRepository runs = new RunRepository(db);
            runs.recordEnd(noCost);
            RunRecord r = runs.find("c3").orElseThrow();
            assertTrue(r.costUsd().isEmpty());
            assertTrue(r.costInputs().isEmpty());
            try (Connection c = db.connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT cost_usd, cost_inputs_json FROM runs WHERE id = 'c3'")) {
                rs.next();
                assertEquals(null, rs.getBigDecimal(1), "unknown cost is NULL, never 0");
                assertEquals(null, rs.getString(2));
            }
        }
    }
}

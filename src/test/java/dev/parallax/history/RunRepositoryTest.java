package dev.parallax.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parallax.core.ChatMessage;
import dev.parallax.core.ModelIdentity;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.core.Timings;
import dev.parallax.core.Usage;

class RunRepositoryTest {

    private static final Instant T0 = Instant.parse("2025-03-14T15:09:26.535897932Z");

    @TempDir
    Path home;

    private HistoryDatabase db;
    private RunRepository runs;

    @BeforeEach
    void open() {
        db = HistoryDatabase.open(home);
        runs = new RunRepository(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void reopen() {
        db.close();
        open();
    }

    @Test
    void startThenEndKeepsEveryFieldAcrossAReopen() {
        RunSpec spec = SampleRuns.fullSpec();
        String output = bigUnicodeText();
        RunResult result = SampleRuns.fullResult("run-1", spec, T0, output);

        runs.recordStart("run-1", spec, SampleRuns.MODEL, SampleRuns.HOST, T0);
        RunRecord started = runs.find("run-1").orElseThrow();
        assertEquals(RunStatus.RUNNING, started.status());
        assertEquals(spec, started.spec());
        assertEquals(Optional.empty(), started.endedAt());
        assertEquals(Usage.none(), started.usage());
        assertEquals(Timings.none(), started.timings());
        assertEquals(Optional.empty(), started.toRunResult());

        runs.recordEnd(result, Optional.of(new BigDecimal("0.000123456789")), Optional.of("openai list price 2025-03"));
        reopen();

        RunRecord r = runs.find("run-1").orElseThrow();
        assertEquals(T0, r.createdAt());
        assertEquals(T0, r.startedAt());
        assertEquals(Optional.of(T0.plusMillis(4321)), r.endedAt());
        assertEquals(RunStatus.COMPLETED, r.status());
        assertEquals(spec, r.spec());
        assertEquals(spec.params().stop(), r.params().stop());
        assertEquals(4, r.messages().size());
        assertEquals("Écris un haïku sur la mer 🌊 — 海", r.prompt());
        assertEquals("Tu es un assistant concis. 日本語も話せます。", r.systemPrompt());
        assertEquals(SampleRuns.MODEL, r.model());
        assertEquals(SampleRuns.HOST, r.host());
        assertEquals(result.usage(), r.usage());
        assertEquals(result.timings(), r.timings());
        assertEquals(output.length(), r.output().length());
        assertEquals(output, r.output());
        assertEquals(Optional.empty(), r.error());
        assertEquals(Optional.of(new BigDecimal("0.000123456789").setScale(10, java.math.RoundingMode.HALF_EVEN)
                .stripTrailingZeros()), r.costUsd());
        assertEquals(Optional.of("openai list price 2025-03"), r.costBasis());
        assertEquals(Optional.of(result), r.toRunResult());
    }

    @Test
    void emptyOptionalsComeBackEmpty() {
        RunResult result = SampleRuns.emptyResult("run-2", T0);
        runs.recordStart("run-2", result.spec(), result.model(), result.host(), T0);
        runs.recordEnd(result);

        RunRecord r = runs.find("run-2").orElseThrow();
        assertEquals(Optional.of(result), r.toRunResult());
        assertEquals(ModelIdentity.unknown(""), r.model());
        assertTrue(r.timings().modelLoadMs().isEmpty());
        assertTrue(r.timings().ttftMs().isEmpty());
        assertTrue(r.timings().promptTokensPerSecond().isEmpty());
        assertTrue(r.timings().completionTokensPerSecond().isEmpty());
        assertTrue(r.timings().engine().isEmpty());
        assertEquals(Optional.empty(), r.costUsd());
        assertEquals(Optional.empty(), r.costBasis());
        assertEquals("", r.systemPrompt());
        assertEquals(Optional.of("HTTP 401: invalid API key"), r.error());
    }

    @Test
    void endWithoutAStartRowCreatesTheWholeRow() {
        RunResult result = SampleRuns.fullResult("run-3", SampleRuns.fullSpec(), T0, "short");
        runs.recordEnd(result);
        RunRecord r = runs.find("run-3").orElseThrow();
        assertEquals(T0, r.createdAt());
        assertEquals(Optional.of(result), r.toRunResult());
    }

    @Test
    void markInterruptedTouchesOnlyRunningRows() {
        RunSpec spec = SampleRuns.fullSpec();
        runs.recordStart("a", spec, SampleRuns.MODEL, SampleRuns.HOST, T0);
        runs.recordStart("b", spec, SampleRuns.MODEL, SampleRuns.HOST, T0.plusSeconds(1));
        runs.recordStart("c", spec, SampleRuns.MODEL, SampleRuns.HOST, T0.plusSeconds(2));
        runs.recordEnd(SampleRuns.fullResult("c", spec, T0.plusSeconds(2), "done"));
        runs.recordEnd(SampleRuns.emptyResult("d", T0.plusSeconds(3)));

        assertEquals(2, runs.markInterrupted());
        assertEquals(0, runs.markInterrupted());

        for (String id : List.of("a", "b")) {
            RunRecord r = runs.find(id).orElseThrow();
            assertEquals(RunStatus.INTERRUPTED, r.status());
            assertEquals(Optional.of(RunRepository.INTERRUPTED_ERROR), r.error());
            assertEquals(Optional.empty(), r.endedAt());
        }
        assertEquals(RunStatus.COMPLETED, runs.find("c").orElseThrow().status());
        assertEquals(Optional.empty(), runs.find("c").orElseThrow().error());
        assertEquals(RunStatus.FAILED, runs.find("d").orElseThrow().status());
        assertEquals(Optional.of("HTTP 401: invalid API key"), runs.find("d").orElseThrow().error());
    }

    @Test
    void aStartTwiceUnderOneIdIsRefused() {
        RunSpec spec = SampleRuns.fullSpec();
        runs.recordStart("dup", spec, SampleRuns.MODEL, SampleRuns.HOST, T0);
        HistoryException e = assertThrows(HistoryException.class,
                () -> runs.recordStart("dup", spec, SampleRuns.MODEL, SampleRuns.HOST, T0));
        assertTrue(e.getMessage().startsWith("Could not save the start of run dup"), e.getMessage());
    }

    @Test
    void anEndRowAndWhatIsSavedWithItAreCommittedAllOrNone() {
        RunSpec spec = SampleRuns.fullSpec();
        runs.recordStart("r1", spec, SampleRuns.MODEL, SampleRuns.HOST, T0);
        BatchRepository batches = new BatchRepository(db);
        // An item of a batch that does not exist breaks its foreign key: the end row must not be saved without it.
        HistoryWrite orphan = batches.itemsWrite(List.of(new BatchRepository.ItemEnd("no-such-batch", 7, 0, 0, "r1",
                "completed", Optional.empty(), T0)));
        RunResult result = SampleRuns.fullResult("r1", spec, T0, "answer");

        HistoryException e = assertThrows(HistoryException.class,
                () -> runs.recordEnd(result, Optional.empty(), Optional.empty(), orphan));

        assertTrue(e.getMessage().startsWith("Could not record item 7 of batch no-such-batch"), e.getMessage());
        assertEquals(RunStatus.RUNNING, runs.find("r1").orElseThrow().status());
        runs.recordEnd(result, Optional.empty(), Optional.empty());
        assertEquals(result.status(), runs.find("r1").orElseThrow().status());
    }

    @Test
    void aRunIsFoundByTheFirstCharactersOfItsIdAndLikesWildcardsAreTakenLiterally() {
        runs.insertAll(List.of(
                SampleRuns.simple("a_1", Target.local("m"), RunStatus.COMPLETED, "p", "o", T0),
                SampleRuns.simple("ab1", Target.local("m"), RunStatus.COMPLETED, "p", "o", T0),
                SampleRuns.simple("abc", Target.local("m"), RunStatus.COMPLETED, "p", "o", T0)));
        assertEquals(List.of("a_1"), runs.findByPrefix("a_", 5).stream().map(RunRecord::id).toList());
        assertEquals(List.of("ab1", "abc"), runs.findByPrefix("ab", 5).stream().map(RunRecord::id).toList());
        assertEquals(List.of("ab1"), runs.findByPrefix("ab", 1).stream().map(RunRecord::id).toList());
        assertEquals(List.of(), runs.findByPrefix("%", 5));
        assertEquals(List.of("abc"), runs.findByPrefix("abc", 5).stream().map(RunRecord::id).toList());
    }

    @Test
    void targetsAreDistinctAndSorted() {
        assertEquals(List.of(), runs.targets());
        runs.insertAll(List.of(
                SampleRuns.simple("a", Target.local("zeta"), RunStatus.COMPLETED, "p", "o", T0),
                SampleRuns.simple("b", Target.local("alpha"), RunStatus.FAILED, "p", "o", T0.plusSeconds(1)),
                SampleRuns.simple("c", Target.local("zeta"), RunStatus.COMPLETED, "p", "o", T0.plusSeconds(2))));
        assertEquals(List.of("local:alpha", "local:zeta"), runs.targets());
    }

    @Test
    void deleteRemovesOneRun() {
        runs.recordEnd(SampleRuns.emptyResult("x", T0));
        runs.recordEnd(SampleRuns.emptyResult("y", T0));
        assertTrue(runs.delete("x"));
        assertFalse(runs.delete("x"));
        assertTrue(runs.find("x").isEmpty());
        assertTrue(runs.find("y").isPresent());
    }

    @Test
    void pagesAreNewestFirstAndFiltersCombine() {
        Target llama = Target.local("llama-3.2-1b");
        Target gpt = new Target("openai", "gpt-4o-mini");
        runs.insertAll(List.of(
                SampleRuns.simple("r0", llama, RunStatus.COMPLETED, "What is the capital of France?", "Paris", T0),
                SampleRuns.simple("r1", gpt, RunStatus.COMPLETED, "Translate 'cat' to German", "Katze", T0.plusSeconds(60)),
                SampleRuns.simple("r2", llama, RunStatus.FAILED, "Write a poem", "", T0.plusSeconds(120)),
                SampleRuns.simple("r3", gpt, RunStatus.COMPLETED, "Capital of Germany?", "BERLIN is the capital", T0.plusSeconds(180)),
                SampleRuns.simple("r4", gpt, RunStatus.CANCELLED, "100% sure_thing", "", T0.plusSeconds(240)),
                SampleRuns.simple("r5", llama, RunStatus.COMPLETED, "Same second A", "a", T0.plusSeconds(300)),
                SampleRuns.simple("r6", llama, RunStatus.COMPLETED, "Same second B", "b", T0.plusSeconds(300))));

        assertEquals(List.of("r6", "r5", "r4", "r3", "r2", "r1", "r0"), ids(runs.recent(10)));
        assertEquals(List.of("r6", "r5", "r4"), ids(runs.recent(3)));
        assertEquals(List.of("r4", "r3"), ids(runs.page(HistoryQuery.all(), 2, 2)));
        assertEquals(List.of(), ids(runs.page(HistoryQuery.all(), 7, 5)));
        assertEquals(7, runs.count(HistoryQuery.all()));

        HistoryQuery capital = HistoryQuery.all().withText("CAPITAL");
        assertEquals(List.of("r3", "r0"), ids(runs.page(capital, 0, 10)));
        assertEquals(2, runs.count(capital));
        assertEquals(List.of("r3"), ids(runs.page(HistoryQuery.all().withText("berlin"), 0, 10)), "output is searched");
        assertEquals(List.of("r4", "r3", "r1"), ids(runs.page(HistoryQuery.all().withText("OpenAI:"), 0, 10)), "target is searched");
        assertEquals(List.of("r4"), ids(runs.page(HistoryQuery.all().withText("100%"), 0, 10)), "% is a character");
        assertEquals(List.of("r4"), ids(runs.page(HistoryQuery.all().withText("e_t"), 0, 10)), "_ is a character");

        HistoryQuery llamaDone = HistoryQuery.all().withTarget(llama.toString()).withStatus(RunStatus.COMPLETED);
        assertEquals(List.of("r6", "r5", "r0"), ids(runs.page(llamaDone, 0, 10)));
        assertEquals(3, runs.count(llamaDone));

        HistoryQuery window = HistoryQuery.all().between(T0.plusSeconds(60), T0.plusSeconds(240));
        assertEquals(List.of("r3", "r2", "r1"), ids(runs.page(window, 0, 10)), "from inclusive, until exclusive");
        assertEquals(List.of("r3", "r1"), ids(runs.page(window.withTarget(gpt.toString()), 0, 10)));
        assertEquals(1, runs.count(window.withTarget(gpt.toString()).withText("capital")));
        assertEquals(7, runs.count(HistoryQuery.all().withText("  ")), "blank text filters nothing");
    }

    @Test
    void aRawCompletionKeepsItsMode() {
        RunSpec raw = RunSpec.raw(Target.local("tiny"), "Once upon", dev.parallax.core.GenerationParams.defaults());
        runs.recordStart("raw", raw, ModelIdentity.unknown("tiny"), SampleRuns.HOST, T0);
        RunRecord r = runs.find("raw").orElseThrow();
        assertEquals(raw, r.spec());
        assertEquals(List.of(ChatMessage.user("Once upon")), r.messages());
    }

    @Test
    void targetsWithColonsInTheModelComeBackWhole() {
        Target ollama = new Target("ollama", "llama3.2:1b-instruct-q4_K_M");
        runs.recordEnd(SampleRuns.simple("o", ollama, RunStatus.COMPLETED, "hi", "hello", T0));
        assertEquals(ollama, runs.find("o").orElseThrow().target());
        assertEquals(1, runs.count(HistoryQuery.all().withTarget("ollama:llama3.2:1b-instruct-q4_K_M")));
    }

    @Test
    void aRunThatHasNotEndedCannotBeRecordedAsEnded() {
        RunResult running = SampleRuns.simple("r", Target.local("m"), RunStatus.RUNNING, "p", "", T0);
        assertThrows(IllegalArgumentException.class, () -> runs.recordEnd(running));
        assertTrue(runs.find("r").isEmpty());
    }

    private static List<String> ids(List<RunRecord> records) {
        return records.stream().map(RunRecord::id).toList();
    }

    /** A little over 1 MB of text mixing scripts, emoji (surrogate pairs) and quotes. */
    private static String bigUnicodeText() {
        StringBuilder sb = new StringBuilder();
        String piece = "Once upon a time 🐉🔥 — il était une fois, 昔々, «όταν» \"quoted\" \\ tab\t nl\n";
        while (sb.length() < 1_048_576) {
            sb.append(piece);
        }
        return sb.toString();
    }
}

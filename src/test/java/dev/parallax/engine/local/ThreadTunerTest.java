package dev.parallax.engine.local;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntBinaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The tuner against simulated machines: token times in microseconds as a function of threads and token index. */
class ThreadTunerTest {

    private static final long MS = 1_000_000;

    /** Runs {@code tokens} decodes; the thread count each one used. */
    private static List<Integer> run(ThreadTuner tuner, int tokens, IntBinaryOperator micros) {
        List<Integer> used = new ArrayList<>();
        for (int i = 0; i < tokens; i++) {
            int threads = tuner.threads();
            used.add(threads);
            tuner.tokenTook(threads, micros.applyAsInt(threads, i) * 1_000L);
        }
        return used;
    }

    private static long probes(List<Integer> used, int threads) {
        long starts = 0;
        for (int i = 0; i < used.size(); i++) {
            if (used.get(i) == threads && (i == 0 || used.get(i - 1) != threads)) {
                starts++;
            }
        }
        return starts;
    }

    @Test
    void onAnIdleMachineItTriesHalfTheThreadsOnceAndKeepsThemAll() {
        ThreadTuner tuner = new ThreadTuner(2);
        // 2 threads: 8 ms a token; 1 thread: 10 ms (what a small model does on an idle 2-core machine)
        List<Integer> used = run(tuner, 600, (threads, i) -> threads == 2 ? 8_000 : 10_000);
        assertThat(tuner.reducedTokens()).isEqualTo(ThreadTuner.WINDOW);
        assertThat(probes(used, 1)).isEqualTo(1);
        assertThat(used.subList(ThreadTuner.FIRST_PROBE_AFTER + ThreadTuner.WINDOW, 600)).containsOnly(2);
    }

    @Test
    void busyFromTheStartItSettlesOnFewerThreadsAndKeepsCheckingTheOthers() {
        ThreadTuner tuner = new ThreadTuner(2);
        // Another program holds a core: 2 threads spin at every barrier (80 ms a token), 1 thread does 10 ms.
        List<Integer> used = run(tuner, 400, (threads, i) -> threads == 2 ? 80_000 : 10_000);
        int settledBy = ThreadTuner.FIRST_PROBE_AFTER + ThreadTuner.WINDOW;
        assertThat(used.get(settledBy)).isEqualTo(1);
        assertThat(tuner.settled()).isEqualTo(1);
        // The full count is tried again now and then, less and less often, one token each time (it is hopeless).
        List<Integer> after = used.subList(settledBy, 400);
        assertThat(after.stream().filter(t -> t == 2).count()).isPositive().isLessThanOrEqualTo(400 / ThreadTuner.REPROBE_EVERY);
        assertThat(probes(after, 2)).isEqualTo(after.stream().filter(t -> t == 2).count());
    }

    @Test
    void whenAnotherProgramStartsItMovesToFewerThreadsWithinAFewWindows() {
        ThreadTuner tuner = new ThreadTuner(2);
        List<Integer> used = run(tuner, 300, (threads, i) -> i < 100 ? (threads == 2 ? 8_000 : 10_000)
                : (threads == 2 ? 40_000 : 12_000));
        assertThat(used.subList(100 + 3 * ThreadTuner.WINDOW, 300).stream().filter(t -> t == 1).count())
                .as("tokens at 1 thread once the machine got busy")
                .isGreaterThan(150);
    }

    @Test
    void whenTheMachineIsFreeAgainTheFullCountComesBack() {
        ThreadTuner tuner = new ThreadTuner(2);
        List<Integer> used = run(tuner, 600, (threads, i) -> i < 100 ? (threads == 2 ? 80_000 : 10_000)
                : (threads == 2 ? 8_000 : 10_000));
        assertThat(used.get(99)).isEqualTo(1);
        int back = 100 + ThreadTuner.REPROBE_MAX + 2 * ThreadTuner.WINDOW;
        assertThat(used.subList(back, 600)).containsOnly(2);
    }

    @Test
    void aSlowdownThatFewerThreadsDoNotCureIsNotProbedOverAndOver() {
        ThreadTuner tuner = new ThreadTuner(2);
        // A growing context: every token gets slower, at any thread count; 1 thread stays the slower one.
        List<Integer> used = run(tuner, 600, (threads, i) -> (threads == 2 ? 8_000 : 10_000) + i * 30);
        assertThat(tuner.settled()).isEqualTo(2);
        assertThat(probes(used, 1)).as("tries of 1 thread in 600 tokens").isLessThanOrEqualTo(4);
        assertThat(tuner.reducedTokens()).isLessThanOrEqualTo(4L * ThreadTuner.WINDOW);
    }

    @Test
    void withMoreCoresItKeepsTheHalfThatIsFastest() {
        ThreadTuner tuner = new ThreadTuner(8);
        // Half the cores are taken: 8 threads collapse, 4 are best, 2 are slower again.
        run(tuner, 300, (threads, i) -> switch (threads) {
            case 8 -> 60_000;
            case 4 -> 6_000;
            case 2 -> 9_000;
            default -> 15_000;
        });
        assertThat(tuner.settled()).isEqualTo(4);
    }

    @Test
    void oneThreadMeansNothingToTune() {
        ThreadTuner tuner = new ThreadTuner(1);
        assertThat(run(tuner, 100, (threads, i) -> 10_000 + (i % 7) * 20_000)).containsOnly(1);
        assertThat(tuner.reducedTokens()).isZero();
    }

    @Test
    void theNoticeSaysWhyFromTheMachinesLoad() {
        String busy = ThreadTuner.fewerThreadsNotice(1, 2, 24, 40, Optional.of(new OtherProcessesLoad.Load(0.1, 0.8)));
        assertThat(busy).startsWith("ran on 1 of 2 threads for 24 of 40 tokens: other programs kept about 0.8 of the ");
        String window = ThreadTuner.fewerThreadsNotice(1, 2, 24, 40, Optional.of(new OtherProcessesLoad.Load(0.9, 0.1)));
        assertThat(window).contains("Parallax itself kept about 0.9 of the").doesNotContain("other programs");
        String idle = ThreadTuner.fewerThreadsNotice(1, 2, 24, 40, Optional.of(new OtherProcessesLoad.Load(0.1, 0.05)));
        assertThat(idle).contains("the machine was otherwise idle").doesNotContain("other programs");
        String unknown = ThreadTuner.fewerThreadsNotice(1, 2, 24, 40, Optional.empty());
        assertThat(unknown).contains("fewer threads were faster here");
    }
}

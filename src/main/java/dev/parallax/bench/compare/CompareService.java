package dev.parallax.bench.compare;

import dev.parallax.bench.stats.Estimate;
import dev.parallax.bench.stats.Statistics;
import dev.parallax.bench.stats.TargetStats;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.PromptMode;
import dev.parallax.core.Target;
import dev.parallax.history.ComparisonRecord;
import dev.parallax.history.ComparisonRepository;
import dev.parallax.history.RunMetrics;
import dev.parallax.route.ActiveRun;
import dev.parallax.route.RunRejectedException;
import dev.parallax.route.RunService;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compare: one prompt fanned out to 2–6 targets through the one run path. Local targets run one after another in
 * the order shown (they share one machine); each cloud target runs in its own lane, at the same time as the
 * others; with {@code sequential} every run waits for the one before. With repeats, each target gets median and
 * p95 of TTFT, total time and tokens/s, and badges go to the fastest first token, the fastest total and the
 * cheapest. The comparison is saved as one entity linking its runs, and can be reopened.
 */
public final class CompareService {

    private final RunService runs;
    private final ComparisonRepository comparisons;
    private final Statistics statistics;
    private final Clock clock;

    public CompareService(RunService runs, ComparisonRepository comparisons, Statistics statistics, Clock clock) {
        this.runs = runs;
        this.comparisons = comparisons;
        this.statistics = statistics;
        this.clock = clock;
    }

    /** Starts a comparison and returns at once. */
    public CompareHandle start(CompareRequest request, CompareListener listener) {
        Execution ex = new Execution(UUID.randomUUID().toString(), clock.instant(), request, listener);
        ex.start();
        return ex;
    }

    /** Runs a comparison to its end. */
    public Comparison run(CompareRequest request, CompareListener listener) throws InterruptedException {
        return start(request, listener).await();
    }

    /** A saved comparison, rebuilt from its runs as they are stored. */
    public Optional<Comparison> open(String id) {
        return comparisons.find(id).map(r -> {
            Map<String, RunMetrics> stored = comparisons.runs(r.id());
            List<List<RunMetrics>> byTarget = new ArrayList<>();
            for (int t = 0; t < r.targets().size(); t++) {
                byTarget.add(new ArrayList<>());
            }
            for (ComparisonRecord.Link l : r.runs()) {
                RunMetrics m = stored.get(l.runId());
                if (m != null && l.targetIndex() < byTarget.size()) {
                    byTarget.get(l.targetIndex()).add(m);
                }
            }
            List<Optional<String>> refused = new ArrayList<>();
            for (int t = 0; t < r.targets().size(); t++) {
                refused.add(byTarget.get(t).isEmpty() ? Optional.of("no run was saved") : Optional.empty());
            }
            return summarise(r.id(), r.createdAt(), r.prompt(), r.system(), r.repeat(), r.sequential(), r.targets(),
                    byTarget, refused);
        });
    }

    public List<ComparisonRecord> list(int limit) {
        return comparisons.list(limit);
    }

    Comparison summarise(String id, Instant createdAt, String prompt, Optional<String> system, int repeat,
                         boolean sequential, List<String> targets, List<List<RunMetrics>> runsByTarget,
                         List<Optional<String>> refused) {
        List<TargetStats> stats = new ArrayList<>();
        Map<String, List<RunMetrics>> byName = new LinkedHashMap<>();
        for (int t = 0; t < targets.size(); t++) {
            stats.add(statistics.of(targets.get(t), runsByTarget.get(t), 1, List.of()));
            byName.put(targets.get(t), runsByTarget.get(t));
        }
        Map<Badge, String> winners = new EnumMap<>(Badge.class);
        Map<Badge, Integer> winnerIndex = new EnumMap<>(Badge.class);
        pick(stats, s -> s.ttftMs().p50(), Badge.FASTEST_FIRST_TOKEN, winners, winnerIndex);
        pick(stats, s -> s.totalMs().p50(), Badge.FASTEST_TOTAL, winners, winnerIndex);
        int cheapest = -1;
        BigDecimal best = null;
        for (int t = 0; t < stats.size(); t++) {
            TargetStats s = stats.get(t);
            if (s.runs() == 0 || s.costUnknownRuns() > 0 || s.costUsd().isEmpty() || s.succeeded() == 0) {
                continue;
            }
            BigDecimal perRun = s.costUsd().get().divide(BigDecimal.valueOf(s.runs()), MathContext.DECIMAL64);
            if (best == null || perRun.compareTo(best) < 0) {
                best = perRun;
                cheapest = t;
            }
        }
        if (cheapest >= 0) {
            winners.put(Badge.CHEAPEST, targets.get(cheapest));
            winnerIndex.put(Badge.CHEAPEST, cheapest);
        }
        List<TargetResult> results = new ArrayList<>();
        for (int t = 0; t < targets.size(); t++) {
            Set<Badge> badges = EnumSet.noneOf(Badge.class);
            for (Map.Entry<Badge, Integer> w : winnerIndex.entrySet()) {
                if (w.getValue() == t) {
                    badges.add(w.getKey());
                }
            }
            results.add(new TargetResult(t, targets.get(t), runsByTarget.get(t), stats.get(t), badges, refused.get(t)));
        }
        return new Comparison(id, createdAt, prompt, system, repeat, sequential, results, winners,
                statistics.compare(stats, byName));
    }

    private static void pick(List<TargetStats> stats, java.util.function.Function<TargetStats, Estimate> metric, Badge badge,
                             Map<Badge, String> winners, Map<Badge, Integer> index) {
        int best = -1;
        double value = Double.POSITIVE_INFINITY;
        for (int t = 0; t < stats.size(); t++) {
            Estimate e = metric.apply(stats.get(t));
            if (e.isKnown() && e.value() < value) {
                value = e.value();
                best = t;
            }
        }
        if (best >= 0) {
            winners.put(badge, stats.get(best).target());
            index.put(badge, best);
        }
    }

    /** One comparison going on: a thread per lane, each starting its runs one after another. */
    private final class Execution implements CompareHandle {
        private final String id;
        private final Instant createdAt;
        private final CompareRequest request;
        private final CompareListener listener;
        private final CompletableFuture<Comparison> result = new CompletableFuture<>();
        private final Map<String, ActiveRun> inFlight = new ConcurrentHashMap<>();
        private final RunMetrics[][] finished;
        private final String[] refused;
        private volatile boolean cancelled;

        Execution(String id, Instant createdAt, CompareRequest request, CompareListener listener) {
            this.id = id;
            this.createdAt = createdAt;
            this.request = request;
            this.listener = listener;
            this.finished = new RunMetrics[request.targets().size()][request.repeat()];
            this.refused = new String[request.targets().size()];
        }

        void start() {
            List<List<Integer>> lanes = new ArrayList<>();
            List<Integer> local = new ArrayList<>();
            List<Integer> all = new ArrayList<>();
            for (int t = 0; t < request.targets().size(); t++) {
                all.add(t);
                if (request.targets().get(t).isLocal()) {
                    local.add(t);
                } else if (!request.sequential()) {
                    lanes.add(List.of(t));
                }
            }
            if (request.sequential()) {
                lanes = List.of(all);
            } else if (!local.isEmpty()) {
                lanes.add(0, local);
            }
            List<Thread> threads = new ArrayList<>();
            for (List<Integer> lane : lanes) {
                Thread th = new Thread(() -> runLane(lane), "compare-" + id.substring(0, 8));
                th.setDaemon(true);
                threads.add(th);
            }
            Thread coordinator = new Thread(() -> {
                threads.forEach(Thread::start);
                try {
                    for (Thread th : threads) {
                        th.join();
                    }
                    result.complete(save());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    result.completeExceptionally(e);
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }, "compare-" + id.substring(0, 8) + "-end");
            coordinator.setDaemon(true);
            coordinator.start();
        }

        private void runLane(List<Integer> lane) {
            for (int t : lane) {
                Target target = request.targets().get(t);
                for (int r = 0; r < request.repeat() && !cancelled; r++) {
                    int ti = t;
                    int ri = r;
                    RunSpec spec = RunSpec.prompt(target, request.system().orElse(null), request.prompt(), PromptMode.AUTO,
                            request.params());
                    ActiveRun run;
                    try {
                        run = runs.start(spec, request.engine(), e -> listener.event(ti, ri, e));
                    } catch (RunRejectedException | RuntimeException e) {
                        refused[t] = e.getMessage();
                        listener.refused(t, e.getMessage());
                        break;
                    }
                    inFlight.put(run.runId(), run);
                    if (cancelled) {
                        run.cancel();
                    }
                    listener.runStarted(t, r, run.runId());
                    try {
                        RunResult res = run.await();
                        RunMetrics m = RunMetrics.of(res);
                        synchronized (finished) {
                            finished[t][r] = m;
                        }
                        listener.runFinished(t, r, m);
                    } catch (InterruptedException e) {
                        run.cancel();
                        Thread.currentThread().interrupt();
                        return;
                    } finally {
                        inFlight.remove(run.runId());
                    }
                }
            }
        }

        private Comparison save() {
            List<List<RunMetrics>> byTarget = new ArrayList<>();
            List<ComparisonRecord.Link> links = new ArrayList<>();
            List<Optional<String>> refusals = new ArrayList<>();
            synchronized (finished) {
                for (int t = 0; t < finished.length; t++) {
                    List<RunMetrics> list = new ArrayList<>();
                    for (int r = 0; r < finished[t].length; r++) {
                        if (finished[t][r] != null) {
                            list.add(finished[t][r]);
                            links.add(new ComparisonRecord.Link(finished[t][r].runId(), t, r));
                        }
                    }
                    byTarget.add(list);
                    refusals.add(Optional.ofNullable(refused[t]));
                }
            }
            List<String> names = request.targets().stream().map(Target::toString).toList();
            comparisons.save(new ComparisonRecord(id, createdAt, request.prompt(), request.system(), names,
                    request.repeat(), request.sequential(), request.params(), links));
            return summarise(id, createdAt, request.prompt(), request.system(), request.repeat(), request.sequential(),
                    names, byTarget, refusals);
        }

        @Override
        public String comparisonId() {
            return id;
        }

        @Override
        public void cancel() {
            cancelled = true;
            for (ActiveRun run : List.copyOf(inFlight.values())) {
                run.cancel();
            }
        }

        @Override
        public CompletableFuture<Comparison> result() {
            return result;
        }
    }
}

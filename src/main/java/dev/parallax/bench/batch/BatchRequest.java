package dev.parallax.bench.batch;

import dev.parallax.core.GenerationParams;
import dev.parallax.core.Target;
import dev.parallax.engine.local.EngineChoice;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A batch to start: every row of a dataset on every target, {@code repeat} times each.
 *
 * @param limits   most runs at once per lane: {@code local} (all local targets share one, default 1) and each cloud
 *                 provider by name (default {@value #DEFAULT_CLOUD_LIMIT}); lanes not named get the defaults
 * @param budgetUsd stop before the projected cost passes this
 * @param checks   checks every row gets (rows may add their own in their checks column)
 */
public record BatchRequest(String datasetId, List<Target> targets, int repeat, Map<String, Integer> limits,
                           Optional<BigDecimal> budgetUsd, GenerationParams params, List<String> checks,
                           EngineChoice engine) {

    public static final int DEFAULT_CLOUD_LIMIT = 4;
    public static final int DEFAULT_LOCAL_LIMIT = 1;
    /**
     * Runs of a lane that may be started and not yet saved, per unit of its limit: one at the provider or engine, and
     * one whose end is being saved while the lane already sends the next (decision 0010). A crash cuts off at most
     * this many times the limit.
     */
    public static final int UNSAVED_PER_PERMIT = 2;

    public BatchRequest {
        Objects.requireNonNull(datasetId, "datasetId");
        targets = List.copyOf(targets);
        limits = Map.copyOf(limits);
        Objects.requireNonNull(budgetUsd, "budgetUsd");
        Objects.requireNonNull(params, "params");
        checks = List.copyOf(checks);
        Objects.requireNonNull(engine, "engine");
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one target");
        }
        if (targets.size() != targets.stream().distinct().count()) {
            throw new IllegalArgumentException("a target is listed twice; use --repeat to run it more than once");
        }
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be 1 or more, not " + repeat);
        }
        for (Map.Entry<String, Integer> e : limits.entrySet()) {
            if (e.getValue() < 1) {
                throw new IllegalArgumentException("the concurrency of " + e.getKey() + " must be 1 or more, not " + e.getValue());
            }
        }
        budgetUsd.ifPresent(b -> {
            if (b.signum() <= 0) {
                throw new IllegalArgumentException("a budget must be more than $0, not " + b.toPlainString());
            }
        });
    }

    /** The lane a target's runs go through: {@code local}, or its provider's name. */
    public static String lane(Target t) {
        return t.isLocal() ? Target.LOCAL : t.provider();
    }

    /** Every lane of these targets with its limit. */
    public Map<String, Integer> resolvedLimits() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Target t : targets) {
            String lane = lane(t);
            out.put(lane, limits.getOrDefault(lane, t.isLocal() ? DEFAULT_LOCAL_LIMIT : DEFAULT_CLOUD_LIMIT));
        }
        return out;
    }
}

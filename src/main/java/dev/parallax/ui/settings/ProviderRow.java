package dev.parallax.ui.settings;

import dev.parallax.engine.cloud.ProviderRegistry;

import java.util.Optional;

/**
 * One provider as the Providers list shows it: never its key, only where the key comes from.
 *
 * @param key     "stored", "from env (OPENAI_API_KEY)", "missing", "not needed" or "none (optional)"
 * @param problem what keeps it from running, or empty
 */
public record ProviderRow(String name, String format, String baseUrl, String baseUrlSource, String key,
                          boolean builtin, String problem) {

    static ProviderRow of(ProviderRegistry.Entry e) {
        var p = e.provider();
        // A user's server may or may not want a key: none stored is not a problem there.
        String key = !p.builtin() && e.keySource() == ProviderRegistry.KeySource.NOT_NEEDED ? "none (optional)"
                : keyLabel(e.keySource(), p.keyEnv());
        return new ProviderRow(p.name(), p.format().label(), p.baseUrl().toString(), p.baseUrlSource(),
                key, p.builtin(), e.problem().orElse(""));
    }

    static String keyLabel(ProviderRegistry.KeySource source, Optional<String> keyEnv) {
        return switch (source) {
            case ENVIRONMENT -> "from env" + keyEnv.map(v -> " (" + v + ")").orElse("");
            case STORED -> "stored";
            case MISSING -> "missing";
            case NOT_NEEDED -> "not needed";
        };
    }

    /**
     * Whether Remove (a user's provider) or Reset URL (a built-in one's override) has anything to do: a built-in
     * provider on its preset URL has nothing to reset.
     */
    public boolean removable() {
        return !builtin || !"preset".equals(baseUrlSource);
    }

    /** Whether a run can go there now. */
    public boolean ready() {
        return problem.isEmpty();
    }
}

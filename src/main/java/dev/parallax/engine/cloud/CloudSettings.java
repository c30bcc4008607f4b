package dev.parallax.engine.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.config.ConfigFile;

import java.time.Duration;

/**
 * How patient cloud runs are. Kept in {@code config.json}, section {@code cloud}.
 *
 * @param idleTimeout    a stream with no bytes for this long fails as stalled
 * @param deadline       a run still going after this long fails
 * @param maxAttempts    requests per run, the first included (retries happen only before the first byte)
 * @param retryCap       the longest Parallax waits before a retry; a provider asking for more fails the run at once
 * @param connectTimeout how long a TCP (and TLS) connection may take
 * @param backoffBase    the first wait before a retry when the provider names none; doubled each time, jittered
 */
public record CloudSettings(Duration idleTimeout, Duration deadline, int maxAttempts, Duration retryCap,
                            Duration connectTimeout, Duration backoffBase) {

    static final String SECTION = "cloud";

    public CloudSettings {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || deadline.isNegative() || deadline.isZero()
                || retryCap.isNegative() || connectTimeout.isNegative() || connectTimeout.isZero()
                || backoffBase.isNegative()) {
            throw new IllegalArgumentException("cloud timeouts must be above zero");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a cloud run needs at least one attempt, not " + maxAttempts);
        }
    }

    public static CloudSettings defaults() {
        return new CloudSettings(Duration.ofSeconds(30), Duration.ofMinutes(10), 3, Duration.ofSeconds(20),
                Duration.ofSeconds(10), Duration.ofMillis(500));
    }

    public static CloudSettings load(ConfigFile settings) {
        CloudSettings d = defaults();
        return settings.section(SECTION).map(s -> new CloudSettings(
                seconds(s, "idle_timeout_s", d.idleTimeout()),
                seconds(s, "deadline_s", d.deadline()),
                s.path("max_attempts").asInt(d.maxAttempts()),
                seconds(s, "retry_cap_s", d.retryCap()),
                seconds(s, "connect_timeout_s", d.connectTimeout()),
                d.backoffBase())).orElse(d);
    }

    public void save(ConfigFile settings) {
        ObjectNode o = ConfigFile.json().createObjectNode()
                .put("idle_timeout_s", idleTimeout.toMillis() / 1000.0)
                .put("deadline_s", deadline.toMillis() / 1000.0)
                .put("max_attempts", maxAttempts)
                .put("retry_cap_s", retryCap.toMillis() / 1000.0)
                .put("connect_timeout_s", connectTimeout.toMillis() / 1000.0);
        settings.writeSection(SECTION, o);
    }

    public CloudSettings withIdleTimeout(Duration v) {
        return new CloudSettings(v, deadline, maxAttempts, retryCap, connectTimeout, backoffBase);
    }

    public CloudSettings withDeadline(Duration v) {
        return new CloudSettings(idleTimeout, v, maxAttempts, retryCap, connectTimeout, backoffBase);
    }

    public CloudSettings withMaxAttempts(int v) {
        return new CloudSettings(idleTimeout, deadline, v, retryCap, connectTimeout, backoffBase);
    }

    public CloudSettings withRetryCap(Duration v) {
        return new CloudSettings(idleTimeout, deadline, maxAttempts, v, connectTimeout, backoffBase);
    }

    public CloudSettings withBackoffBase(Duration v) {
        return new CloudSettings(idleTimeout, deadline, maxAttempts, retryCap, connectTimeout, v);
    }

    private static Duration seconds(JsonNode s, String field, Duration fallback) {
        JsonNode v = s.get(field);
        return v == null || !v.isNumber() ? fallback : Duration.ofMillis(Math.round(v.asDouble() * 1000));
    }
}

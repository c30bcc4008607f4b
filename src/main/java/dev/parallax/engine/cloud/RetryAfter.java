package dev.parallax.engine.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a provider asks to wait before trying again: {@code retry-after-ms} (OpenAI, Azure), {@code Retry-After}
 * in seconds or as an HTTP-date (RFC 9110), or Gemini's {@code RetryInfo.retryDelay} in the error body.
 */
final class RetryAfter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SECONDS = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*");
    private static final Pattern PROTO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)s");

    private RetryAfter() {
    }

    static Optional<Duration> parse(HttpHeaders headers, String body, Instant now) {
        Optional<String> ms = headers.firstValue("retry-after-ms");
        if (ms.isPresent()) {
            Matcher m = SECONDS.matcher(ms.get());
            if (m.matches()) {
                return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(m.group(1)))));
            }
        }
        Optional<String> header = headers.firstValue("retry-after");
        if (header.isPresent()) {
            Optional<Duration> d = parseHeader(header.get(), now);
            if (d.isPresent()) {
                return d;
            }
        }
        return fromBody(body);
    }

    static Optional<Duration> parseHeader(String value, Instant now) {
        Matcher m = SECONDS.matcher(value);
        if (m.matches()) {
            return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(m.group(1)) * 1000)));
        }
        try {
            Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> fromBody(String body) {
        if (body == null || !body.contains("retryDelay")) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(body);
            for (JsonNode detail : root.path("error").path("details")) {
                Matcher m = PROTO_DURATION.matcher(detail.path("retryDelay").asText(""));
                if (m.matches()) {
                    return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(m.group(1)) * 1000)));
                }
            }
        } catch (IOException e) {
            // Not JSON: no hint.
        }
        return Optional.empty();
    }
}

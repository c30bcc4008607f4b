package dev.parallax.models.hub;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One place where requests to the Hub are sent: the token goes to the Hub's own host only (never to a
 * CDN it redirects to), 429s are waited out within a bound, transient failures are retried a few
 * times, and error answers become {@link HubException}s that say what to do.
 */
final class HubHttp {

    /** What a request was about, for messages. Empty strings where not applicable. */
    record Subject(String repo, String revision, String path) {
        static Subject repo(String repo) {
            return new Subject(repo, "", "");
        }

        static Subject none() {
            return new Subject("", "", "");
        }
    }

    static final int MAX_RATE_LIMIT_WAITS = 3;
    static final int MAX_TRANSIENT_RETRIES = 2;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern RATE_LIMIT_RESET = Pattern.compile("(?:^|[;,\\s])t=(\\d+)");

    private final HubSettings settings;
    private final HttpClient client;
    private final Sleeper sleeper;

    HubHttp(HubSettings settings, HttpClient client, Sleeper sleeper) {
        this.settings = settings;
        this.client = client;
        this.sleeper = sleeper;
    }

    HubSettings settings() {
        return settings;
    }

    /**
     * Sends a request, waiting out rate limits and retrying transient failures. Answers 2xx and 3xx
     * are returned (3xx with the Location for the caller to follow); 4xx and 5xx become exceptions.
     * Bodies of error answers are discarded.
     */
    <T> HttpResponse<T> send(String method, URI uri, Map<String, String> headers, HttpResponse.BodyHandler<T> handler,
                             boolean timeout, Subject subject) throws HubException {
        int rateLimitWaits = 0;
        int retries = 0;
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .header("User-Agent", settings.userAgent());
            if (timeout) {
                request.timeout(REQUEST_TIMEOUT);
            }
            if (settings.isHub(uri) && settings.token().isPresent()) {
                request.header("Authorization", settings.token().get().authorization());
            }
            headers.forEach(request::header);
            HttpResponse<T> response;
            try {
                response = client.send(request.build(), info -> info.statusCode() >= 400
                        ? HttpResponse.BodySubscribers.replacing(null)
                        : handler.apply(info));
            } catch (IOException e) {
                if (retries++ < MAX_TRANSIENT_RETRIES) {
                    pause(Duration.ofMillis(500L << retries));
                    continue;
                }
                throw new HubException(HubException.Kind.NETWORK, 0, networkMessage(uri, e), Optional.empty(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HubException(HubException.Kind.NETWORK, 0, "the request to " + uri.getHost() + " was interrupted",
                        Optional.empty(), e);
            }
            int status = response.statusCode();
            if (status < 400) {
                return response;
            }
            if (status == 429 || (status == 503 && response.headers().firstValue("Retry-After").isPresent())) {
                Duration wait = retryAfter(name -> response.headers().firstValue(name))
                        .orElse(Duration.ofSeconds(1L << rateLimitWaits));
                if (rateLimitWaits++ < MAX_RATE_LIMIT_WAITS && wait.compareTo(settings.maxRateLimitWait()) <= 0) {
                    pause(wait);
                    continue;
                }
                throw rateLimited(status, wait);
            }
            if (status >= 500 && retries++ < MAX_TRANSIENT_RETRIES) {
                pause(Duration.ofMillis(500L << retries));
                continue;
            }
            throw error(status, name -> response.headers().firstValue(name), uri, subject);
        }
    }

    HubException rateLimited(int status, Duration wait) {
        return new HubException(HubException.Kind.RATE_LIMITED, status, "the Hub (" + settings.endpoint().getHost()
                + ") is rate-limiting this machine; try again in " + seconds(wait)
                + (settings.token().isEmpty() ? " (requests with a token, HF_TOKEN, get higher limits)" : ""),
                Optional.of(wait), null);
    }

    void pause(Duration wait) throws HubException {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(HubException.Kind.NETWORK, 0, "interrupted while waiting to retry", Optional.empty(), e);
        }
    }

    HubException error(int status, Function<String, Optional<String>> headers, URI uri, Subject subject) {
        String code = headers.apply("X-Error-Code").orElse("");
        String serverSays = headers.apply("X-Error-Message").map(m -> " (the Hub says: " + m + ")").orElse("");
        String repo = subject.repo();
        String repoUrl = settings.endpoint() + "/" + repo;
        boolean hasToken = settings.token().isPresent();
        return switch (code) {
            case "GatedRepo" -> new HubException(HubException.Kind.GATED, status, hasToken
                    ? repo + " is gated and the account of this token has no access yet: request it at " + repoUrl
                      + " (approval may take a while), or check that HF_TOKEN belongs to that account"
                    : repo + " is gated: accept its terms at " + repoUrl + " while logged in, then set HF_TOKEN to an"
                      + " access token of that account (" + settings.endpoint() + "/settings/tokens)");
            case "RepoNotFound" -> new HubException(HubException.Kind.REPO_NOT_FOUND, status, "there is no repository "
                    + repo + " on " + settings.endpoint().getHost()
                    + (hasToken ? "" : ", or it is private (set HF_TOKEN if you have access)") + "; check the name");
            case "RevisionNotFound" -> new HubException(HubException.Kind.REVISION_NOT_FOUND, status, repo
                    + " has no branch, tag or commit '" + subject.revision() + "'");
            case "EntryNotFound" -> new HubException(HubException.Kind.ENTRY_NOT_FOUND, status, repo + " has no file '"
                    + subject.path() + "' at revision " + subject.revision());
            default -> generic(status, uri, subject, hasToken, serverSays);
        };
    }

    private HubException generic(int status, URI uri, Subject subject, boolean hasToken, String serverSays) {
        String what = subject.repo().isEmpty() ? uri.getHost() + uri.getPath()
                : subject.repo() + (subject.path().isEmpty() ? "" : "/" + subject.path());
        if (status == 401) {
            return new HubException(HubException.Kind.UNAUTHORIZED, status, (hasToken
                    ? "the Hub refused the token for " + what + ": check HF_TOKEN"
                    : what + " needs a Hugging Face token: set HF_TOKEN") + serverSays);
        }
        if ((status == 401 || status == 403 || status == 410) && !settings.isHub(uri)) {
            return new HubException(HubException.Kind.LINK_EXPIRED, status, "the download link for " + what
                    + " was refused (HTTP " + status + "; such links expire): resolve the file again");
        }
        if (status == 403) {
            return new HubException(HubException.Kind.UNAUTHORIZED, status, "access to " + what + " is denied"
                    + (hasToken ? " for this token" : "; a token (HF_TOKEN) may help") + serverSays);
        }
        if (status == 404) {
            return new HubException(HubException.Kind.ENTRY_NOT_FOUND, status, what + " was not found on "
                    + uri.getHost() + serverSays);
        }
        if (status >= 500) {
            return new HubException(HubException.Kind.SERVER, status, uri.getHost() + " failed with HTTP " + status
                    + " for " + what + "; try again later" + serverSays);
        }
        return new HubException(HubException.Kind.SERVER, status, uri.getHost() + " answered HTTP " + status + " for "
                + what + serverSays);
    }

    /** The longer of Retry-After (seconds or an HTTP date) and the reset time of a RateLimit header. */
    static Optional<Duration> retryAfter(Function<String, Optional<String>> headers) {
        Duration wait = null;
        Optional<String> retryAfter = headers.apply("Retry-After");
        if (retryAfter.isPresent()) {
            String value = retryAfter.get().strip();
            try {
                wait = Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                    wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
                    wait = wait.isNegative() ? Duration.ZERO : wait;
                } catch (DateTimeParseException notADate) {
                    wait = null;
                }
            }
        }
        Optional<String> rateLimit = headers.apply("RateLimit");
        if (rateLimit.isPresent()) {
            Matcher m = RATE_LIMIT_RESET.matcher(rateLimit.get());
            if (m.find()) {
                Duration reset = Duration.ofSeconds(Long.parseLong(m.group(1)));
                wait = wait == null || reset.compareTo(wait) > 0 ? reset : wait;
            }
        }
        return Optional.ofNullable(wait);
    }

    String networkMessage(URI uri, IOException e) {
        String reason = e instanceof HttpTimeoutException ? "no answer in time"
                : e instanceof ConnectException ? "connection refused or unreachable"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "could not reach " + uri.getHost() + " (" + reason + "); check the network connection"
                + " and, behind a proxy, HTTPS_PROXY";
    }

    private static String seconds(Duration d) {
        long s = Math.max(1, (d.toMillis() + 999) / 1000);
        return s < 120 ? s + " s" : (s + 59) / 60 + " min";
    }
}

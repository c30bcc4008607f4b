package dev.parallax.models.hub;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** The Hub refused or could not answer; the message says what happened and what to do. */
public final class HubException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** The repository is gated: accept its terms on the Hub and use a token. */
        GATED,
        /** The token is missing, wrong or lacks access. */
        UNAUTHORIZED,
        REPO_NOT_FOUND,
        REVISION_NOT_FOUND,
        ENTRY_NOT_FOUND,
        RATE_LIMITED,
        /** A CDN refused a download link (they expire): resolve the file again. */
        LINK_EXPIRED,
        /** The server failed (5xx) or answered something this client cannot use. */
        SERVER,
        /** No answer: DNS, connection, proxy, timeout. */
        NETWORK
    }

    private final Kind kind;
    private final int status;
    private final transient Optional<Duration> retryAfter;

    public HubException(Kind kind, int status, String message, Optional<Duration> retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.status = status;
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public HubException(Kind kind, int status, String message) {
        this(kind, status, message, Optional.empty(), null);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** How long the server asked to wait, for a rate limit. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /** Worth trying again later without changing anything (network trouble, server errors, rate limits). */
    public boolean transientFailure() {
        return kind == Kind.NETWORK || kind == Kind.SERVER || kind == Kind.RATE_LIMITED || kind == Kind.LINK_EXPIRED;
    }
}

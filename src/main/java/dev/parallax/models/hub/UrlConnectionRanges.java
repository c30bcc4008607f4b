package dev.parallax.models.hub;

import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Range requests for file bodies over {@link HttpURLConnection}. On loopback it moved bytes 3 to 4 times
 * faster than java.net.http's HttpClient (bench/download.sh; docs/decisions/0004), which stays in use for
 * the Hub's API. Same rules as there: no automatic redirects, the token only to the Hub's own host,
 * rate limits waited out within a bound, the Hub's error codes turned into messages.
 */
final class UrlConnectionRanges {

    private static final int MAX_REDIRECTS = 5;
    private static final int CONNECT_TIMEOUT_MILLIS = 15_000;

    private final HubHttp http;
    private final ProxySelector proxies;
    private final Optional<Authenticator> proxyAuth;
    private final Duration readTimeout;

    UrlConnectionRanges(HubHttp http, ProxySelector proxies, Optional<Authenticator> proxyAuth, Duration readTimeout) {
        this.http = http;
        this.proxies = proxies;
        this.proxyAuth = proxyAuth;
        this.readTimeout = readTimeout;
    }

    RangeResponse open(URI start, Map<String, String> headers, HubHttp.Subject subject, long from) throws HubException {
        URI uri = start;
        int rateLimitWaits = 0;
        int retries = 0;
        for (int hop = 0; hop <= MAX_REDIRECTS; ) {
            HttpURLConnection c = null;
            try {
                c = connect(uri, headers);
                int status = c.getResponseCode();
                HttpURLConnection conn = c;
                if (status >= 300 && status < 400) {
                    String location = c.getHeaderField("Location");
                    drain(c);
                    if (location == null) {
                        throw new HubException(HubException.Kind.SERVER, status, uri.getHost() + " answered HTTP " + status
                                + " to a range request");
                    }
                    uri = uri.resolve(location);
                    hop++;
                    continue;
                }
                if (status == 429 || (status == 503 && c.getHeaderField("Retry-After") != null)) {
                    Duration wait = HubHttp.retryAfter(name -> Optional.ofNullable(conn.getHeaderField(name)))
                            .orElse(Duration.ofSeconds(1L << rateLimitWaits));
                    drain(c);
                    if (rateLimitWaits++ < HubHttp.MAX_RATE_LIMIT_WAITS
                            && wait.compareTo(http.settings().maxRateLimitWait()) <= 0) {
                        http.pause(wait);
                        continue;
                    }
                    throw http.rateLimited(status, wait);
                }
                if (status >= 500 && retries++ < HubHttp.MAX_TRANSIENT_RETRIES) {
                    drain(c);
                    http.pause(Duration.ofMillis(500L << retries));
                    continue;
                }
                if (status >= 400) {
                    drain(c);
                    throw http.error(status, name -> Optional.ofNullable(conn.getHeaderField(name)), uri, subject);
                }
                return response(c, status, from, uri);
            } catch (IOException e) {
                if (c != null) {
                    c.disconnect();
                }
                if (retries++ < HubHttp.MAX_TRANSIENT_RETRIES) {
                    http.pause(Duration.ofMillis(500L << retries));
                    continue;
                }
                throw new HubException(HubException.Kind.NETWORK, 0, http.networkMessage(uri, e), Optional.empty(), e);
            }
        }
        throw new HubException(HubException.Kind.SERVER, 0, "too many redirects downloading " + subject.path());
    }

    private HttpURLConnection connect(URI uri, Map<String, String> headers) throws IOException {
        List<Proxy> choice = proxies.select(uri);
        Proxy proxy = choice.isEmpty() ? Proxy.NO_PROXY : choice.get(0);
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(proxy);
        proxyAuth.ifPresent(c::setAuthenticator);
        c.setInstanceFollowRedirects(false);
        c.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        c.setReadTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        c.setUseCaches(false);
        c.setRequestProperty("User-Agent", http.settings().userAgent());
        if (http.settings().isHub(uri) && http.settings().token().isPresent()) {
            c.setRequestProperty("Authorization", http.settings().token().get().authorization());
        }
        headers.forEach(c::setRequestProperty);
        return c;
    }

    private RangeResponse response(HttpURLConnection c, int status, long from, URI uri) throws IOException, HubException {
        Optional<String> etag = Optional.ofNullable(c.getHeaderField("ETag")).map(HubClient::unquote);
        long length = c.getContentLengthLong();
        InputStream body = c.getInputStream();
        Runnable abort = c::disconnect;
        if (status == 206) {
            long[] range = HubClient.contentRange(Optional.ofNullable(c.getHeaderField("Content-Range")).orElse(""));
            if (range == null || range[0] != from) {
                c.disconnect();
                throw new HubException(HubException.Kind.SERVER, 206, uri.getHost() + " sent bytes "
                        + c.getHeaderField("Content-Range") + " when asked for " + from + "-");
            }
            return new RangeResponse(true, range[0], range[1] - range[0] + 1, range[2], etag, body, abort);
        }
        return new RangeResponse(false, 0, length, length, etag, body, abort);
    }

    /** Reads away a small body we do not use, so that the connection can be reused. */
    private static void drain(HttpURLConnection c) {
        try (InputStream in = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream()) {
            if (in != null) {
                in.skip(64 * 1024);
            }
        } catch (IOException e) {
            c.disconnect();
        }
    }
}

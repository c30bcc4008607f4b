package dev.parallax.models.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.engine.local.gguf.GgufException;
import dev.parallax.engine.local.gguf.GgufFile;
import dev.parallax.engine.local.gguf.GgufHeaderRead;
import dev.parallax.engine.local.gguf.GgufReader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Hugging Face Hub's HTTP API, as far as finding and fetching GGUF models needs it: search,
 * a repository's files, resolving a file to its download link, range requests, and reading a
 * remote file's GGUF header from its first bytes. Works against any endpoint that speaks the same
 * API (mirrors through {@code HF_ENDPOINT}).
 */
public final class HubClient {

    /** The first range read for a header; most models' headers fit. */
    public static final int FIRST_HEADER_BYTES = 512 * 1024;
    /** The most of a file read to find its header; vocabularies of 256k tokens take a few MiB. */
    public static final int MAX_HEADER_BYTES = 64 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9._-]+");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_REDIRECTS = 5;
    private static final int PAGE_LIMIT = 100;
    private static final List<String> SEARCH_FIELDS = List.of("downloads", "likes", "trendingScore", "createdAt", "tags",
            "pipeline_tag", "gguf", "siblings");

    /** A connection silent for this long while a body streams is dropped (the download retries it). */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final HubHttp http;
    private final UrlConnectionRanges ranges;

    /** Direct connections (no proxy), for tests and loopback. */
    public HubClient(HubSettings settings, HttpClient client, Sleeper sleeper) {
        this(settings, client, sleeper, HttpClient.Builder.NO_PROXY, Optional.empty());
    }

    public HubClient(HubSettings settings, HttpClient client, Sleeper sleeper, ProxySelector proxies,
                     Optional<java.net.Authenticator> proxyAuth) {
        this.http = new HubHttp(settings, client, sleeper);
        this.ranges = new UrlConnectionRanges(http, proxies, proxyAuth, READ_TIMEOUT);
    }

    /** A client with its own HTTP client: no automatic redirects (the token must not follow them), the given proxies. */
    public static HubClient create(HubSettings settings, ProxySelector proxies, Optional<java.net.Authenticator> proxyAuth) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(15))
                .proxy(proxies);
        proxyAuth.ifPresent(builder::authenticator);
        return new HubClient(settings, builder.build(), Sleeper.real(), proxies, proxyAuth);
    }

    public HubSettings settings() {
        return http.settings();
    }

    /** GGUF repositories matching {@code query}, best first by {@code sort}, at most {@code limit}. */
    public List<HubRepo> search(String query, HubSort sort, int limit) throws HubException {
        if (limit <= 0) {
            return List.of();
        }
        URI uri = searchUri(query, sort, Math.min(limit, PAGE_LIMIT));
        List<HubRepo> repos = new ArrayList<>();
        while (uri != null && repos.size() < limit) {
            HttpResponse<String> response = getJson(uri, HubHttp.Subject.none());
            JsonNode array = parse(response.body(), uri);
            if (!array.isArray()) {
                throw badAnswer(uri, "a list of models");
            }
            for (JsonNode item : array) {
                if (repos.size() < limit && item.hasNonNull("id")) {
                    repos.add(repo(item));
                }
            }
            uri = next(response, uri);
        }
        return repos;
    }

    /**
     * {@code /api/models} for GGUF repositories. {@code expand[]} asks for the fields search shows plus the Hub's
     * GGUF summary (parameters, architecture, context length) and the file names (the quantizations on offer);
     * the Hub then answers with the named fields only, so every field read is named.
     */
    private URI searchUri(String query, HubSort sort, int limit) {
        StringBuilder q = new StringBuilder("/api/models?filter=gguf&search=").append(encode(query.strip()))
                .append("&sort=").append(sort.parameter()).append("&direction=-1&limit=").append(limit);
        for (String field : SEARCH_FIELDS) {
            q.append("&expand%5B%5D=").append(field);
        }
        return api(q.toString());
    }

    /**
     * One page of a search: at most {@code pageSize} repositories, and the Hub's link to the next page
     * ({@code Link: rel="next"}) when there is one.
     */
    public record SearchPage(List<HubRepo> repos, Optional<URI> next) {
        public SearchPage {
            repos = List.copyOf(repos);
            java.util.Objects.requireNonNull(next, "next");
        }
    }

    /** The first page of a search, or the page {@code cursor} (a {@link SearchPage#next()}) points to. */
    public SearchPage searchPage(String query, HubSort sort, int pageSize, Optional<URI> cursor) throws HubException {
        URI uri = cursor.orElseGet(() -> searchUri(query, sort, Math.max(1, Math.min(pageSize, PAGE_LIMIT))));
        if (!http.settings().isHub(uri)) {
            throw new IllegalArgumentException("a search page must come from the Hub itself");
        }
        HttpResponse<String> response = getJson(uri, HubHttp.Subject.none());
        JsonNode array = parse(response.body(), uri);
        if (!array.isArray()) {
            throw badAnswer(uri, "a list of models");
        }
        List<HubRepo> repos = new ArrayList<>();
        for (JsonNode item : array) {
            if (item.hasNonNull("id")) {
                repos.add(repo(item));
            }
        }
        return new SearchPage(repos, Optional.ofNullable(next(response, uri)));
    }

    /** Every file of a repository at {@code revision} (a branch, tag or commit), with sizes and LFS hashes. */
    public List<RepoFile> files(String repo, String revision) throws HubException {
        checkRepo(repo);
        URI uri = api("/api/models/" + repo + "/tree/" + encodeSegment(revision) + "?recursive=true");
        List<RepoFile> files = new ArrayList<>();
        HubHttp.Subject subject = new HubHttp.Subject(repo, revision, "");
        while (uri != null) {
            HttpResponse<String> response = getJson(uri, subject);
            JsonNode array = parse(response.body(), uri);
            if (!array.isArray()) {
                throw badAnswer(uri, "a list of files");
            }
            for (JsonNode entry : array) {
                if (!"file".equals(entry.path("type").asText()) || !entry.hasNonNull("path")) {
                    continue;
                }
                JsonNode lfs = entry.path("lfs");
                Optional<String> sha = lfs.hasNonNull("oid") ? Optional.of(lfs.get("oid").asText().toLowerCase(Locale.ROOT))
                        .filter(s -> SHA256.matcher(s).matches()) : Optional.empty();
                long size = lfs.hasNonNull("size") ? lfs.get("size").asLong() : entry.path("size").asLong();
                files.add(new RepoFile(entry.get("path").asText(), size, sha));
            }
            uri = next(response, uri);
        }
        return files;
    }

    /** A repository's GGUF models, grouped (split parts together) and sorted by size. */
    public RepoListing listing(String repo, String revision) throws HubException {
        return RepoListing.of(repo, revision, files(repo, revision));
    }

    /**
     * Where a file's bytes are, with its size, hash and validator: a HEAD on {@code /resolve/}, whose
     * redirect to a CDN is noted, not followed (a redirect inside the Hub, for a renamed repository, is).
     */
    public ResolvedFile resolve(String repo, String revision, String path) throws HubException {
        checkRepo(repo);
        HubHttp.Subject subject = new HubHttp.Subject(repo, revision, path);
        URI uri = api("/" + repo + "/resolve/" + encodeSegment(revision) + "/" + encodePath(path));
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<Void> head = http.send("HEAD", uri, Map.of("Accept-Encoding", "identity"),
                    HttpResponse.BodyHandlers.discarding(), true, subject);
            var h = head.headers();
            Optional<String> location = h.firstValue("Location");
            if (head.statusCode() >= 300 && location.isPresent()) {
                URI target = uri.resolve(location.get());
                Optional<String> linkedSize = h.firstValue("X-Linked-Size");
                if (http.settings().isHub(target) && linkedSize.isEmpty()) {
                    uri = target;
                    continue;
                }
                long size = linkedSize.map(Long::parseLong).orElse(-1L);
                Optional<String> etag = h.firstValue("X-Linked-Etag").or(() -> h.firstValue("ETag")).map(HubClient::unquote);
                return new ResolvedFile(repo, revision, h.firstValue("X-Repo-Commit"), path, target, size,
                        etag.filter(e -> SHA256.matcher(e).matches()), etag);
            }
            if (head.statusCode() >= 300) {
                throw new HubException(HubException.Kind.SERVER, head.statusCode(), uri.getHost()
                        + " redirected without saying where to");
            }
            long size = h.firstValueAsLong("X-Linked-Size").orElse(h.firstValueAsLong("Content-Length").orElse(-1));
            Optional<String> etag = h.firstValue("X-Linked-Etag").or(() -> h.firstValue("ETag")).map(HubClient::unquote);
            return new ResolvedFile(repo, revision, h.firstValue("X-Repo-Commit"), path, uri, size,
                    etag.filter(e -> SHA256.matcher(e).matches()), etag);
        }
        throw new HubException(HubException.Kind.SERVER, 0, "too many redirects resolving " + repo + "/" + path);
    }

    /**
     * Opens bytes {@code [from, to)} of a resolved file ({@code to} = -1: to the end). A server that ignores
     * ranges answers with the whole file ({@link RangeResponse#partial()} false): the caller decides what to
     * do. With {@code ifRange}, a file that changed since is sent whole too. The caller closes the response.
     */
    public RangeResponse openRange(ResolvedFile file, long from, long to, Optional<String> ifRange) throws HubException {
        if (from < 0 || (to >= 0 && to <= from)) {
            throw new IllegalArgumentException("bad range " + from + "-" + to);
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("Range", "bytes=" + from + "-" + (to < 0 ? "" : Long.toString(to - 1)));
        headers.put("Accept-Encoding", "identity");
        ifRange.filter(e -> !e.startsWith("W/")).ifPresent(e -> headers.put("If-Range", "\"" + e + "\""));
        HubHttp.Subject subject = new HubHttp.Subject(file.repo(), file.revision(), file.path());
        return ranges.open(file.downloadUri(), headers, subject, from);
    }

    /**
     * The GGUF header of a remote file, read through range requests: first {@link #FIRST_HEADER_BYTES},
     * then more as the reader asks, never more than {@link #MAX_HEADER_BYTES}.
     */
    public GgufFile readHeader(ResolvedFile file) throws HubException, GgufException {
        if (file.size() <= 0) {
            throw new GgufException(file.fileName() + ": the Hub did not say how large the file is");
        }
        ByteArrayOutputStream prefix = new ByteArrayOutputStream();
        long want = Math.min(file.size(), FIRST_HEADER_BYTES);
        while (true) {
            fetchInto(file, prefix, want);
            GgufHeaderRead read = GgufReader.readHeader(prefix.toByteArray(), file.size(), Path.of(file.fileName()));
            if (read instanceof GgufHeaderRead.Complete complete) {
                return complete.header();
            }
            long atLeast = ((GgufHeaderRead.NeedsMoreBytes) read).atLeast();
            want = Math.min(file.size(), Math.max(atLeast, want * 4));
            if (want > MAX_HEADER_BYTES) {
                throw new GgufException(file.fileName() + ": the header is larger than "
                        + (MAX_HEADER_BYTES >> 20) + " MiB; download the file to inspect it");
            }
        }
    }

    /** Appends bytes {@code [prefix.size(), want)} of the file to {@code prefix}. */
    private void fetchInto(ResolvedFile file, ByteArrayOutputStream prefix, long want) throws HubException {
        long from = prefix.size();
        if (from >= want) {
            return;
        }
        try (RangeResponse response = openRange(file, from, want, Optional.empty())) {
            InputStream in = response.body();
            if (!response.partial() && from > 0) {
                in.skipNBytes(from);
            }
            byte[] buffer = new byte[64 * 1024];
            long left = want - from;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new HubException(HubException.Kind.NETWORK, 0, "the connection closed after "
                            + prefix.size() + " bytes of " + file.fileName() + "'s header; try again");
                }
                prefix.write(buffer, 0, n);
                left -= n;
            }
        } catch (IOException e) {
            throw new HubException(HubException.Kind.NETWORK, 0, "reading the header of " + file.fileName()
                    + " failed: " + e.getMessage(), Optional.empty(), e);
        }
    }

    private HttpResponse<String> getJson(URI start, HubHttp.Subject subject) throws HubException {
        URI uri = start;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<String> response = http.send("GET", uri, Map.of("Accept", "application/json"),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), true, subject);
            Optional<String> location = response.headers().firstValue("Location");
            if (response.statusCode() < 300) {
                return response;
            }
            if (location.isEmpty()) {
                throw badAnswer(uri, "an answer, not HTTP " + response.statusCode());
            }
            uri = uri.resolve(location.get());
        }
        throw new HubException(HubException.Kind.SERVER, 0, "too many redirects from " + start.getHost());
    }

    private URI next(HttpResponse<?> response, URI current) {
        for (String link : response.headers().allValues("Link")) {
            Matcher m = NEXT_LINK.matcher(link);
            if (m.find()) {
                URI next = current.resolve(m.group(1));
                // Pages come from the Hub itself; a link elsewhere is ignored rather than followed with the token.
                return http.settings().isHub(next) ? next : null;
            }
        }
        return null;
    }

    private static HubRepo repo(JsonNode item) {
        List<String> tags = new ArrayList<>();
        item.path("tags").forEach(t -> tags.add(t.asText()));
        Optional<Instant> created = Optional.empty();
        if (item.hasNonNull("createdAt")) {
            try {
                created = Optional.of(Instant.parse(item.get("createdAt").asText()));
            } catch (DateTimeParseException e) {
                created = Optional.empty();
            }
        }
        JsonNode g = item.path("gguf");
        Optional<HubRepo.Gguf> gguf = g.isObject() ? Optional.of(new HubRepo.Gguf(Math.max(0, g.path("total").asLong()),
                g.path("architecture").asText(""), Math.max(0, g.path("context_length").asLong()))) : Optional.empty();
        Optional<List<String>> files = Optional.empty();
        if (item.path("siblings").isArray()) {
            List<String> paths = new ArrayList<>();
            item.get("siblings").forEach(f -> {
                if (f.hasNonNull("rfilename")) {
                    paths.add(f.get("rfilename").asText());
                }
            });
            files = Optional.of(paths);
        }
        return new HubRepo(item.get("id").asText(), item.path("downloads").asLong(), item.path("likes").asLong(),
                item.path("trendingScore").asDouble(), created, tags,
                item.hasNonNull("pipeline_tag") ? Optional.of(item.get("pipeline_tag").asText()) : Optional.empty(),
                gguf, files);
    }

    private JsonNode parse(String body, URI uri) throws HubException {
        try {
            return JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw badAnswer(uri, "JSON");
        }
    }

    private static HubException badAnswer(URI uri, String expected) {
        return new HubException(HubException.Kind.SERVER, 200, uri.getHost() + " did not answer with " + expected
                + "; is HF_ENDPOINT a Hugging Face Hub (or a mirror of one)?");
    }

    private URI api(String pathAndQuery) {
        return URI.create(http.settings().endpoint() + pathAndQuery);
    }

    /** Rejects anything but {@code owner/name} made of letters, digits, '.', '_' and '-'. */
    public static void checkRepo(String repo) {
        if (!REPO_ID.matcher(repo).matches() || repo.contains("..")) {
            throw new IllegalArgumentException("'" + repo + "' is not a repository id: write owner/name, as in"
                    + " bartowski/Llama-3.2-1B-Instruct-GGUF");
        }
    }

    /** bytes a-b/total → {a, b, total}; total -1 for '*'. */
    static long[] contentRange(String header) {
        Matcher m = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)").matcher(header.strip());
        if (!m.matches()) {
            return null;
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3))};
    }

    static String unquote(String etag) {
        String e = etag.strip();
        if (e.startsWith("W/")) {
            return e;
        }
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodeSegment(String segment) {
        return encode(segment);
    }

    private static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals("..") || segment.equals(".")) {
                throw new IllegalArgumentException("'" + path + "' is not a file path inside a repository");
            }
            out.append(out.length() == 0 ? "" : "/").append(encode(segment));
        }
        return out.toString();
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Discarding the body of an answer we do not use.
        }
    }
}

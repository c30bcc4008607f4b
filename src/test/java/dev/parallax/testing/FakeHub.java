package dev.parallax.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parallax.engine.local.gguf.GgufException;
import dev.parallax.engine.local.gguf.GgufFile;
import dev.parallax.engine.local.gguf.GgufHeaderRead;
import dev.parallax.engine.local.gguf.GgufReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Hugging Face Hub on 127.0.0.1 that answers like the real one, for tests and benchmarks:
 * {@code /api/models} search with {@code Link: rel="next"} paging (and {@code expand[]}: only the fields named, the
 * GGUF summary and file names among them), {@code /api/models/{repo}/tree/{rev}},
 * {@code /{repo}/resolve/{rev}/{file}} with a 302 to a second server standing in for the CDN
 * ({@code X-Linked-Etag}, {@code X-Linked-Size}, {@code X-Repo-Commit}), range requests there (206 with
 * Content-Range), and the Hub's error codes (GatedRepo, RepoNotFound, RevisionNotFound, EntryNotFound).
 * Failures can be injected: a connection cut at a byte, ranges ignored, a flipped byte, 429s, throttling.
 * It counts the bytes it serves and records every request.
 */
public final class FakeHub implements AutoCloseable {

    /** One request as the fake saw it; {@code query} raw, as sent (empty when none). */
    public record Request(String server, String method, String path, String range, boolean authorization, String query) {
    }

    private record StoredFile(String path, long size, String sha256, String gitOid, boolean lfs, Path file, byte[] bytes) {
    }

    private static final class Repo {
        final String id;
        final Map<String, StoredFile> files = new LinkedHashMap<>();
        final String commit;
        long downloads;
        long likes;
        double trending;
        Set<String> gatedTokens;
        /** What search says under "gguf": set by a test, else read from the repository's first model file. */
        volatile ObjectNode gguf;

        Repo(String id) {
            this.id = id;
            this.commit = hex(sha256((id + "-commit").getBytes(StandardCharsets.UTF_8))).substring(0, 40);
        }
    }

    /** An injected connection cut. */
    private static final class Cut extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFER = 256 * 1024;

    private final HttpServer hub;
    private final HttpServer cdn;
    private final ExecutorService executor;
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, StoredFile> bySha = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> served = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Long> cutAt = new ConcurrentHashMap<>();
    private final Map<String, Long> flipAt = new ConcurrentHashMap<>();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private volatile int retryAfterSeconds = 1;
    private volatile boolean ignoreRanges;
    private volatile long throttleBytesPerSecond;
    private volatile int treePageSize = 1000;
    private volatile int searchPageSize = 1000;

    private FakeHub(int hubPort) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        hub = HttpServer.create(new InetSocketAddress(loopback, hubPort), 64);
        cdn = HttpServer.create(new InetSocketAddress(loopback, 0), 64);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-hub");
            t.setDaemon(true);
            return t;
        });
        hub.setExecutor(executor);
        cdn.setExecutor(executor);
        hub.createContext("/", exchange -> handle(exchange, true));
        cdn.createContext("/", exchange -> handle(exchange, false));
        hub.start();
        cdn.start();
    }

    public static FakeHub start() throws IOException {
        return new FakeHub(0);
    }

    public static FakeHub start(int port) throws IOException {
        return new FakeHub(port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
    }

    public URI cdnEndpoint() {
        return URI.create("http://127.0.0.1:" + cdn.getAddress().getPort());
    }

    /** Adds (or updates the counters of) a repository for search. */
    public FakeHub repo(String id, long downloads, long likes, double trending) {
        Repo repo = repos.computeIfAbsent(id, Repo::new);
        repo.downloads = downloads;
        repo.likes = likes;
        repo.trending = trending;
        return this;
    }

    /** A file from disk; .gguf files are stored in LFS (served through the CDN), as on the real Hub. */
    public FakeHub file(String repoId, String path, Path content) {
        try {
            MessageDigest digest = MessageDigestHolder.sha256();
            try (InputStream in = Files.newInputStream(content)) {
                byte[] buffer = new byte[BUFFER];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                }
            }
            return store(repoId, new StoredFile(path, Files.size(content), hex(digest.digest()), gitOid(path),
                    true, content, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file from memory; small non-GGUF files are served by the Hub itself, without LFS. */
    public FakeHub file(String repoId, String path, byte[] content) {
        boolean lfs = path.endsWith(".gguf") || content.length > 10 * 1024 * 1024;
        return store(repoId, new StoredFile(path, content.length, hex(sha256(content)), gitOid(path), lfs, null,
                content.clone()));
    }

    /**
     * What search reports under {@code "gguf"} for a repository, instead of what its first model file's header
     * says (as the Hub reads it): a test's way to list a 70B model whose files are tiny.
     */
    public FakeHub gguf(String repoId, long parameters, String architecture, long contextLength) {
        ObjectNode g = JSON.createObjectNode();
        g.put("total", parameters);
        g.put("architecture", architecture);
        g.put("context_length", contextLength);
        repos.computeIfAbsent(repoId, Repo::new).gguf = g;
        return this;
    }

    /** Makes a repository gated: only these tokens have been granted access. */
    public FakeHub gate(String repoId, String... grantedTokens) {
        repos.computeIfAbsent(repoId, Repo::new).gatedTokens = Set.of(grantedTokens);
        return this;
    }

    public String commit(String repoId) {
        return repos.get(repoId).commit;
    }

    public String sha256(String repoId, String path) {
        return repos.get(repoId).files.get(path).sha256();
    }

    /** The next download that would send byte {@code offset} of this file closes the connection there instead (once). */
    public void cutOnceAt(String repoId, String path, long offset) {
        cutAt.put(repos.get(repoId).files.get(path).sha256(), offset);
    }

    /** Every download of this file carries byte {@code offset} flipped. */
    public void flipByte(String repoId, String path, long offset) {
        flipAt.put(repos.get(repoId).files.get(path).sha256(), offset);
    }

    /** Lifts every injected fault: cuts, flips, ignored ranges, rate limits and throttling. */
    public void clearFaults() {
        cutAt.clear();
        flipAt.clear();
        ignoreRanges = false;
        rateLimited.set(0);
        throttleBytesPerSecond = 0;
    }

    /** The CDN answers every range request with the whole file (200). */
    public void ignoreRanges(boolean ignore) {
        ignoreRanges = ignore;
    }

    /** The next {@code count} requests to the Hub itself get 429 with Retry-After. */
    public void rateLimitNext(int count, int retryAfter) {
        retryAfterSeconds = retryAfter;
        rateLimited.set(count);
    }

    /** Limits each response of the CDN to this many bytes per second (0: no limit). */
    public void throttle(long bytesPerSecond) {
        throttleBytesPerSecond = bytesPerSecond;
    }

    /** The most search results one page holds, whatever the limit asked (the real Hub caps pages too). */
    public void searchPageSize(int size) {
        searchPageSize = size;
    }

    public void treePageSize(int size) {
        treePageSize = size;
    }

    /** Bytes of this file's content the CDN has written to sockets. */
    public long bytesServed(String repoId, String path) {
        AtomicLong n = served.get(repos.get(repoId).files.get(path).sha256());
        return n == null ? 0 : n.get();
    }

    public long bytesServedTotal() {
        return served.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        hub.stop(0);
        cdn.stop(0);
        executor.shutdownNow();
    }

    private FakeHub store(String repoId, StoredFile file) {
        Repo repo = repos.computeIfAbsent(repoId, Repo::new);
        repo.files.put(file.path(), file);
        bySha.put(file.sha256(), file);
        return this;
    }

    private void handle(HttpExchange exchange, boolean isHub) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String range = exchange.getRequestHeaders().getFirst("Range");
            boolean auth = exchange.getRequestHeaders().containsKey("Authorization");
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(new Request(isHub ? "hub" : "cdn", exchange.getRequestMethod(), path, range == null ? "" : range, auth,
                    query == null ? "" : query));
            if (!isHub) {
                serveCdn(exchange, path);
                return;
            }
            if (path.startsWith("/_fake/stats")) {
                ObjectNode stats = JSON.createObjectNode();
                stats.put("bytes_served", bytesServedTotal());
                stats.put("requests", requests.size());
                sendJson(exchange, 200, stats.toString(), null);
                return;
            }
            if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
                exchange.getResponseHeaders().set("RateLimit", "\"api\";r=0;t=" + retryAfterSeconds);
                sendJson(exchange, 429, "{\"error\":\"Too Many Requests\"}", null);
                return;
            }
            if (path.equals("/api/models")) {
                search(exchange);
            } else if (path.startsWith("/api/models/") && path.contains("/tree/")) {
                tree(exchange, path);
            } else if (path.contains("/resolve/")) {
                resolve(exchange, path);
            } else {
                sendJson(exchange, 404, "{\"error\":\"Not Found\"}", null);
            }
        } catch (Cut e) {
            // Out of the handler, so the server drops the connection at once, as a network failure would.
            throw e;
        } catch (IOException | RuntimeException e) {
            // The client went away: nothing more to send.
        }
    }

    private void search(HttpExchange exchange) throws IOException {
        Map<String, String> q = query(exchange.getRequestURI());
        String search = q.getOrDefault("search", "").toLowerCase(Locale.ROOT);
        String sort = q.getOrDefault("sort", "downloads");
        int limit = Math.min(searchPageSize, Integer.parseInt(q.getOrDefault("limit", "20")));
        int skip = q.containsKey("cursor") ? Integer.parseInt(new String(Base64.getUrlDecoder().decode(q.get("cursor")),
                StandardCharsets.UTF_8)) : 0;
        Comparator<Repo> order = switch (sort) {
            case "likes" -> Comparator.comparingLong(r -> r.likes);
            case "trending_score" -> Comparator.comparingDouble(r -> r.trending);
            default -> Comparator.comparingLong(r -> r.downloads);
        };
        List<Repo> matches = new ArrayList<>(repos.values().stream()
                .filter(r -> r.id.toLowerCase(Locale.ROOT).contains(search))
                .filter(r -> r.files.keySet().stream().anyMatch(p -> p.endsWith(".gguf")))
                .sorted(order.reversed().thenComparing(r -> r.id)).toList());
        // With expand[] the Hub answers with the fields named there only (besides the ids), as the real one does.
        List<String> expand = new ArrayList<>(queryAll(exchange.getRequestURI()).getOrDefault("expand[]", List.of()));
        expand.addAll(queryAll(exchange.getRequestURI()).getOrDefault("expand", List.of()));
        ArrayNode page = JSON.createArrayNode();
        for (Repo repo : matches.subList(Math.min(skip, matches.size()), Math.min(skip + limit, matches.size()))) {
            ObjectNode full = JSON.createObjectNode();
            full.put("_id", repo.commit.substring(0, 24));
            full.put("id", repo.id);
            full.put("likes", repo.likes);
            full.put("trendingScore", repo.trending);
            full.put("private", false);
            full.put("downloads", repo.downloads);
            ArrayNode tags = full.putArray("tags");
            tags.add("gguf").add("text-generation").add("conversational");
            full.put("pipeline_tag", "text-generation");
            full.put("library_name", "gguf");
            full.put("createdAt", "2024-09-25T18:37:00.000Z");
            full.put("modelId", repo.id);
            if (expand.isEmpty()) {
                page.add(full);
                continue;
            }
            ObjectNode item = page.addObject();
            item.put("_id", repo.commit.substring(0, 24));
            item.put("id", repo.id);
            for (String field : expand) {
                if (field.equals("gguf")) {
                    ObjectNode g = ggufSummary(repo);
                    if (g != null) {
                        item.set("gguf", g);
                    }
                } else if (field.equals("siblings")) {
                    ArrayNode siblings = item.putArray("siblings");
                    repo.files.keySet().forEach(p -> siblings.addObject().put("rfilename", p));
                } else if (full.has(field)) {
                    item.set(field, full.get(field));
                }
            }
        }
        String link = null;
        if (skip + limit < matches.size()) {
            String cursor = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Integer.toString(skip + limit).getBytes(StandardCharsets.UTF_8));
            link = "<" + endpoint() + "/api/models?" + replaceParam(exchange.getRequestURI().getRawQuery(), "cursor", cursor)
                    + ">; rel=\"next\"";
        }
        sendJson(exchange, 200, page.toString(), link);
    }

    /** The Hub's "gguf" of a repository: what a test set, else its first model file's parameters, architecture, context. */
    private static ObjectNode ggufSummary(Repo repo) {
        if (repo.gguf != null) {
            return repo.gguf;
        }
        for (StoredFile file : repo.files.values()) {
            String name = file.path().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".gguf") || name.contains("mmproj") || name.contains("imatrix")) {
                continue;
            }
            try {
                GgufFile header;
                if (file.file() != null) {
                    header = GgufReader.read(file.file());
                } else {
                    GgufHeaderRead read = GgufReader.readHeader(file.bytes(), file.size(), Path.of(file.path()));
                    if (!(read instanceof GgufHeaderRead.Complete complete)) {
                        continue;
                    }
                    header = complete.header();
                }
                ObjectNode g = JSON.createObjectNode();
                g.put("total", header.parameterCount());
                g.put("architecture", header.architecture());
                header.contextLength().ifPresent(c -> g.put("context_length", c));
                repo.gguf = g;
                return g;
            } catch (GgufException e) {
                // Not a GGUF the Hub could parse either: it then says nothing under "gguf" for this file.
            }
        }
        return null;
    }

    private void tree(HttpExchange exchange, String path) throws IOException {
        String rest = path.substring("/api/models/".length());
        int tree = rest.indexOf("/tree/");
        String repoId = decode(rest.substring(0, tree));
        String revision = decode(rest.substring(tree + "/tree/".length()));
        Repo repo = access(exchange, repoId, revision, null);
        if (repo == null) {
            return;
        }
        Map<String, String> q = query(exchange.getRequestURI());
        boolean recursive = "true".equals(q.get("recursive"));
        List<ObjectNode> entries = new ArrayList<>();
        Set<String> dirs = new java.util.TreeSet<>();
        for (StoredFile file : repo.files.values()) {
            int slash = file.path().indexOf('/');
            if (slash > 0) {
                dirs.add(file.path().substring(0, slash));
                if (!recursive) {
                    continue;
                }
            }
            ObjectNode entry = JSON.createObjectNode();
            entry.put("type", "file");
            entry.put("oid", file.gitOid());
            entry.put("size", file.lfs() ? 135 : file.size());
            entry.put("path", file.path());
            if (file.lfs()) {
                ObjectNode lfs = entry.putObject("lfs");
                lfs.put("oid", file.sha256());
                lfs.put("size", file.size());
                lfs.put("pointerSize", 135);
                entry.put("size", file.size());
            }
            entries.add(entry);
        }
        for (String dir : dirs) {
            ObjectNode entry = JSON.createObjectNode();
            entry.put("type", "directory");
            entry.put("oid", gitOid(dir));
            entry.put("size", 0);
            entry.put("path", dir);
            entries.add(0, entry);
        }
        int skip = q.containsKey("cursor") ? Integer.parseInt(q.get("cursor")) : 0;
        int size = treePageSize;
        ArrayNode page = JSON.createArrayNode();
        entries.subList(Math.min(skip, entries.size()), Math.min(skip + size, entries.size())).forEach(page::add);
        String link = skip + size < entries.size() ? "<" + endpoint() + path + "?"
                + replaceParam(exchange.getRequestURI().getRawQuery(), "cursor", Integer.toString(skip + size))
                + ">; rel=\"next\"" : null;
        sendJson(exchange, 200, page.toString(), link);
    }

    private void resolve(HttpExchange exchange, String path) throws IOException {
        int at = path.indexOf("/resolve/");
        String repoId = decode(path.substring(1, at));
        String rest = path.substring(at + "/resolve/".length());
        int slash = rest.indexOf('/');
        String revision = decode(slash < 0 ? rest : rest.substring(0, slash));
        String filePath = slash < 0 ? "" : decode(rest.substring(slash + 1));
        Repo repo = access(exchange, repoId, revision, filePath);
        if (repo == null) {
            return;
        }
        StoredFile file = repo.files.get(filePath);
        Headers h = exchange.getResponseHeaders();
        h.set("X-Repo-Commit", repo.commit);
        if (!file.lfs()) {
            h.set("ETag", "\"" + file.gitOid() + "\"");
            body(exchange, file, 0, file.size(), 200, exchange.getRequestMethod().equals("HEAD"));
            return;
        }
        h.set("ETag", "\"" + file.sha256() + "\"");
        h.set("X-Linked-Etag", "\"" + file.sha256() + "\"");
        h.set("X-Linked-Size", Long.toString(file.size()));
        h.set("Location", cdnEndpoint() + "/repos/" + file.sha256().substring(0, 2) + "/" + file.sha256()
                + "?response-content-disposition=attachment&Expires=4102444800&Signature=fake&Key-Pair-Id=fake");
        exchange.sendResponseHeaders(302, -1);
    }

    /** The repository, or null after answering with the Hub's error for a missing, gated or wrong one. */
    private Repo access(HttpExchange exchange, String repoId, String revision, String filePath) throws IOException {
        Repo repo = repos.get(repoId);
        Headers h = exchange.getResponseHeaders();
        if (repo == null) {
            h.set("X-Error-Code", "RepoNotFound");
            h.set("X-Error-Message", "Repository not found");
            sendJson(exchange, 401, "{\"error\":\"Repository Not Found for url\"}", null);
            return null;
        }
        if (repo.gatedTokens != null) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
            if (token == null || !repo.gatedTokens.contains(token)) {
                h.set("X-Error-Code", "GatedRepo");
                h.set("X-Error-Message", "Access to model " + repoId + " is restricted.");
                sendJson(exchange, token == null ? 401 : 403, "{\"error\":\"gated\"}", null);
                return null;
            }
        }
        if (!revision.equals("main") && !revision.equals(repo.commit)) {
            h.set("X-Error-Code", "RevisionNotFound");
            h.set("X-Error-Message", "Invalid rev id: " + revision);
            sendJson(exchange, 404, "{\"error\":\"Invalid rev id\"}", null);
            return null;
        }
        if (filePath != null && !repo.files.containsKey(filePath)) {
            h.set("X-Error-Code", "EntryNotFound");
            h.set("X-Error-Message", "Entry not found");
            sendJson(exchange, 404, "{\"error\":\"Entry not found\"}", null);
            return null;
        }
        return repo;
    }

    private void serveCdn(HttpExchange exchange, String path) throws IOException {
        String sha = path.substring(path.lastIndexOf('/') + 1);
        StoredFile file = bySha.get(sha);
        if (file == null) {
            sendJson(exchange, 404, "<Error><Code>NoSuchKey</Code></Error>", null);
            return;
        }
        exchange.getResponseHeaders().set("ETag", "\"" + file.sha256() + "\"");
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        String range = exchange.getRequestHeaders().getFirst("Range");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (range == null || ignoreRanges) {
            body(exchange, file, 0, file.size(), 200, head);
            return;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes=(\\d+)-(\\d*)").matcher(range);
        if (!m.matches() || Long.parseLong(m.group(1)) >= file.size()) {
            exchange.getResponseHeaders().set("Content-Range", "bytes */" + file.size());
            exchange.sendResponseHeaders(416, -1);
            return;
        }
        long start = Long.parseLong(m.group(1));
        long end = m.group(2).isEmpty() ? file.size() : Math.min(file.size(), Long.parseLong(m.group(2)) + 1);
        exchange.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (end - 1) + "/" + file.size());
        body(exchange, file, start, end, 206, head);
    }

    private void body(HttpExchange exchange, StoredFile file, long start, long end, int status, boolean head)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Long.toString(end - start));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, end - start);
        Long cut = cutAt.get(file.sha256());
        long stopAt = end;
        if (cut != null && cut >= start && cut < end && cutAt.remove(file.sha256(), cut)) {
            stopAt = cut;
        }
        Long flip = flipAt.get(file.sha256());
        AtomicLong counter = served.computeIfAbsent(file.sha256(), k -> new AtomicLong());
        OutputStream out = exchange.getResponseBody();
        long begun = System.nanoTime();
        long sent = 0;
        try (FileChannel channel = file.file() == null ? null : FileChannel.open(file.file(), StandardOpenOption.READ)) {
            byte[] buffer = new byte[BUFFER];
            ByteBuffer wrapped = ByteBuffer.wrap(buffer);
            long position = start;
            while (position < stopAt) {
                int n = (int) Math.min(buffer.length, stopAt - position);
                if (channel == null) {
                    System.arraycopy(file.bytes(), (int) position, buffer, 0, n);
                } else {
                    wrapped.clear().limit(n);
                    while (wrapped.hasRemaining()) {
                        if (channel.read(wrapped, position + wrapped.position()) < 0) {
                            throw new IOException("file shrank");
                        }
                    }
                }
                if (flip != null && flip >= position && flip < position + n) {
                    buffer[(int) (flip - position)] ^= 0x01;
                }
                out.write(buffer, 0, n);
                counter.addAndGet(n);
                position += n;
                sent += n;
                long rate = throttleBytesPerSecond;
                if (rate > 0) {
                    long due = begun + sent * 1_000_000_000L / rate;
                    long ahead = due - System.nanoTime();
                    if (ahead > 0) {
                        Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
                    }
                }
            }
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopAt < end) {
            // An injected cut: drop the connection with the body unfinished.
            throw new Cut();
        }
    }

    private static void sendJson(HttpExchange exchange, int status, String body, String link) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        if (link != null) {
            exchange.getResponseHeaders().set("Link", link);
        }
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return params;
    }

    private static Map<String, List<String>> queryAll(URI uri) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.computeIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)), k -> new ArrayList<>())
                    .add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return params;
    }

    private static String replaceParam(String rawQuery, String name, String value) {
        List<String> parts = new ArrayList<>();
        for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            if (!pair.startsWith(name + "=")) {
                parts.add(pair);
            }
        }
        parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        return String.join("&", parts);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String gitOid(String path) {
        return hex(sha256(("blob " + path).getBytes(StandardCharsets.UTF_8))).substring(0, 40);
    }

    private static byte[] sha256(byte[] bytes) {
        return MessageDigestHolder.sha256().digest(bytes);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static final class MessageDigestHolder {
        static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

}

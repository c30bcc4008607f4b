package dev.parallax.testing;

import dev.parallax.models.hub.HubClient;
import dev.parallax.models.hub.HubSettings;
import dev.parallax.models.hub.RangeResponse;
import dev.parallax.models.hub.ResolvedFile;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The download transport alone, for {@code bench/download.sh}: the file fetched through HubClient's range
 * requests into a file by N connections, with the downloader's buffer size, but no hashing, fsync or
 * bookkeeping. Shows how much of a pull's time is moving bytes and how much is verifying them.
 *
 * With a sixth argument {@code httpclient}, the same ranges go through java.net.http's HttpClient instead, the
 * alternative docs/decisions/0004 compares.
 *
 * <pre>java -cp ... dev.parallax.testing.TransportBench ENDPOINT REPO FILE OUT CONNECTIONS [httpclient]</pre>
 */
public final class TransportBench {

    private TransportBench() {
    }

    public static void main(String[] args) throws Exception {
        HubSettings settings = HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", args[0]), Optional.empty(), "bench");
        HubClient hub = new HubClient(settings, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(),
                d -> Thread.sleep(d.toMillis()));
        Path out = Path.of(args[3]);
        int connections = Integer.parseInt(args[4]);
        boolean httpClient = args.length > 5 && args[5].equals("httpclient");
        HttpClient jdk = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();
        ResolvedFile file = hub.resolve(args[1], "main", args[2]);
        long size = file.size();
        Files.deleteIfExists(out);
        try (FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            List<Thread> threads = new ArrayList<>();
            long share = (size + connections - 1) / connections;
            for (int i = 0; i < connections; i++) {
                long from = i * share;
                long to = Math.min(size, from + share);
                Thread t = new Thread(() -> {
                    if (httpClient) {
                        copyWithHttpClient(jdk, file, from, to, channel);
                    } else {
                        copy(hub, file, from, to, channel);
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "%.3f%n", seconds);
        Files.deleteIfExists(out);
    }

    private static void copyWithHttpClient(HttpClient client, ResolvedFile file, long from, long to, FileChannel channel) {
        HttpRequest request = HttpRequest.newBuilder(file.downloadUri()).header("Range", "bytes=" + from + "-" + (to - 1))
                .build();
        try (InputStream in = client.send(request, HttpResponse.BodyHandlers.ofInputStream()).body()) {
            write(in, from, to, channel);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(InputStream in, long from, long to, FileChannel channel) throws java.io.IOException {
        byte[] buffer = new byte[256 * 1024];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        long position = from;
        int n;
        while (position < to && (n = in.read(buffer, 0, (int) Math.min(buffer.length, to - position))) > 0) {
            wrapped.clear().limit(n);
            while (wrapped.hasRemaining()) {
                position += channel.write(wrapped, position);
            }
        }
    }

    private static void copy(HubClient hub, ResolvedFile file, long from, long to, FileChannel channel) {
        try (RangeResponse r = hub.openRange(file, from, to, Optional.empty())) {
            write(r.body(), from, to, channel);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.parallax.engine.cloud;

import dev.parallax.config.EnvProxySelector;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunStatus;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proxies from the environment, Retry-After in its three forms, error bodies. */
class NetworkPlumbingTest {

    @Test
    void httpsProxyAndNoProxyAreReadLikeCurlDoes() {
        ProxySelector s = EnvProxySelector.from(Map.of("https_proxy", "http://proxy.corp:3128",
                "NO_PROXY", "internal.corp,.example.org,*.local,api.mistral.ai:8443"));
        Proxy p = s.select(URI.create("https://api.openai.com/v1")).get(0);
        assertEquals(Proxy.Type.HTTP, p.type());
        InetSocketAddress a = (InetSocketAddress) p.address();
        assertEquals("proxy.corp", a.getHostString());
        assertEquals(3128, a.getPort());
        assertEquals(Proxy.NO_PROXY, s.select(URI.create("https://internal.corp/v1")).get(0));
        assertEquals(Proxy.NO_PROXY, s.select(URI.create("https://llm.internal.corp/v1")).get(0));
        assertEquals(Proxy.NO_PROXY, s.select(URI.create("https://www.example.org")).get(0));
        assertEquals(Proxy.NO_PROXY, s.select(URI.create("https://box.local")).get(0));
        assertEquals(Proxy.NO_PROXY, s.select(URI.create("https://api.mistral.ai:8443")).get(0));
        assertEquals(Proxy.Type.HTTP, s.select(URI.create("https://api.mistral.ai")).get(0).type());
        assertEquals(Proxy.NO_PROXY, s.select(URI.create("http://127.0.0.1:11434")).get(0), "loopback is never proxied");
        assertEquals(Proxy.NO_PROXY, s.select(URI.create("http://api.openai.com")).get(0), "no http_proxy set");
        assertEquals(Proxy.Type.HTTP, EnvProxySelector.from(Map.of("HTTPS_PROXY", "proxy:8080"))
                .select(URI.create("https://x.ai")).get(0).type());
        assertEquals(Proxy.NO_PROXY, EnvProxySelector.from(Map.of("https_proxy", "proxy:8080", "no_proxy", "*"))
                .select(URI.create("https://x.ai")).get(0));
    }

    @Test
    void httpsRequestsTunnelThroughTheProxyFromTheEnvironment() throws Exception {
        AtomicReference<String> connectLine = new AtomicReference<>();
        try (ServerSocket proxy = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> {
                try (Socket s = proxy.accept()) {
                    InputStream in = s.getInputStream();
                    StringBuilder head = new StringBuilder();
                    int b;
                    while ((b = in.read()) != -1) {
                        head.append((char) b);
                        if (head.toString().endsWith("\r\n\r\n")) {
                            break;
                        }
                    }
                    connectLine.set(head.toString().split("\r\n")[0]);
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (Exception e) {
                    // The test reads what arrived.
                }
            });
            t.setDaemon(true);
            t.start();
            ProxySelector fromEnv = EnvProxySelector.from(Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.getLocalPort()));
            try (CloudHarness h = new CloudHarness(CloudHarness.FAST.withMaxAttempts(1), fromEnv)) {
                CloudEngine engine = h.engine("openai", ApiFormat.OPENAI, URI.create("https://api.openai.com/v1"),
                        Optional.of("k"), Map.of());
                RunResult r = h.run(engine, CloudHarness.spec("openai", "gpt-4o-mini")).result();
                assertEquals(RunStatus.FAILED, r.status());
            }
            t.join(2_000);
        }
        assertEquals("CONNECT api.openai.com:443 HTTP/1.1", connectLine.get(),
                "the request went to the proxy, which was asked to tunnel to the provider");
    }

    @Test
    void retryAfterIsReadInSecondsAsADateInMillisecondsOrFromGeminisBody() {
        Instant now = Instant.parse("2025-08-15T10:00:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(2)), RetryAfter.parse(headers("retry-after", "2"), "", now));
        assertEquals(Optional.of(Duration.ofMillis(1500)), RetryAfter.parse(headers("retry-after", "1.5"), "", now));
        assertEquals(Optional.of(Duration.ofSeconds(30)),
                RetryAfter.parse(headers("retry-after", "Fri, 15 Aug 2025 10:00:30 GMT"), "", now));
        assertEquals(Optional.of(Duration.ZERO),
                RetryAfter.parse(headers("retry-after", "Fri, 15 Aug 2025 09:00:00 GMT"), "", now));
        assertEquals(Optional.of(Duration.ofMillis(250)),
                RetryAfter.parse(headers("retry-after-ms", "250", "retry-after", "1"), "", now));
        assertEquals(Optional.empty(), RetryAfter.parse(headers("retry-after", "soon"), "", now));
        assertEquals(Optional.of(Duration.ofSeconds(37)), RetryAfter.parse(headers(), "{\"error\":{\"details\":"
                + "[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"37s\"}]}}", now));
    }

    @Test
    void errorBodiesOfEveryShapeGiveTheirMessage() {
        assertEquals("invalid_api_key: Incorrect API key", ErrorBodies.message(
                "{\"error\":{\"message\":\"Incorrect API key\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
        assertEquals("overloaded_error: Overloaded", ErrorBodies.message(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        assertEquals("model not found", ErrorBodies.message("{\"error\":\"model not found\"}"));
        assertEquals("Not Found", ErrorBodies.message("{\"detail\":\"Not Found\"}"));
        assertEquals("429: quota", ErrorBodies.message("[{\"error\":{\"code\":429,\"message\":\"quota\",\"status\":\"RESOURCE_EXHAUSTED\"}}]"));
        assertEquals("<html> <body>Bad gateway</body> </html>", ErrorBodies.message("<html>\n<body>Bad gateway</body>\n</html>"));
        assertTrue(ErrorBodies.isQuota("{\"error\":{\"code\":\"insufficient_quota\"}}"));
    }

    @Test
    void ollamaHostIsReadAsOllamaReadsIt() {
        assertEquals(URI.create("http://127.0.0.1:11434"), ProviderRegistry.ollamaHost("0.0.0.0"));
        assertEquals(URI.create("http://gpu-box:11434"), ProviderRegistry.ollamaHost("gpu-box"));
        assertEquals(URI.create("http://127.0.0.1:9999"), ProviderRegistry.ollamaHost("127.0.0.1:9999"));
        assertEquals(URI.create("https://ollama.example.com:443"), ProviderRegistry.ollamaHost("https://ollama.example.com:443/"));
    }

    private static HttpHeaders headers(String... pairs) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put(pairs[i], List.of(pairs[i + 1]));
        }
        return HttpHeaders.of(map, (a, b) -> true);
    }
}

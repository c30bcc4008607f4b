package dev.parallax.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvProxySelectorTest {

    @Test
    void httpsProxyWithNoProxyExceptionsAndLoopbackAlwaysDirect() {
        EnvProxySelector proxies = EnvProxySelector.fromEnvironment(Map.of(
                "https_proxy", "http://user:secret@proxy.corp:3128", "NO_PROXY", "internal.corp, .mirror.org,*.lan"));
        Proxy proxy = proxies.select(URI.create("https://huggingface.co/api/models")).get(0);
        assertEquals(Proxy.Type.HTTP, proxy.type());
        assertEquals("proxy.corp", ((InetSocketAddress) proxy.address()).getHostString());
        assertEquals(3128, ((InetSocketAddress) proxy.address()).getPort());
        assertEquals(Proxy.NO_PROXY, proxies.select(URI.create("https://hub.internal.corp/x")).get(0));
        assertEquals(Proxy.NO_PROXY, proxies.select(URI.create("https://hf.mirror.org/x")).get(0));
        assertEquals(Proxy.NO_PROXY, proxies.select(URI.create("https://box.lan/x")).get(0));
        assertEquals(Proxy.NO_PROXY, proxies.select(URI.create("http://127.0.0.1:8080/x")).get(0));
        assertEquals(Proxy.NO_PROXY, proxies.select(URI.create("http://example.com/x")).get(0), "no HTTP_PROXY set");
        assertTrue(proxies.authenticator().isPresent());
        assertFalse(proxies.bypass("notinternal.corp.example", -1));
    }

    @Test
    void nothingSetMeansDirect() {
        EnvProxySelector proxies = EnvProxySelector.fromEnvironment(Map.of());
        assertFalse(proxies.configured());
        assertEquals(Proxy.NO_PROXY, proxies.select(URI.create("https://huggingface.co")).get(0));
    }
}

package dev.parallax.engine.cloud;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Proxies as curl reads them from the environment: {@code https_proxy}/{@code HTTPS_PROXY} for https,
 * {@code http_proxy}/{@code HTTP_PROXY} for http, {@code all_proxy} for both, and {@code no_proxy}/{@code NO_PROXY}
 * (comma-separated hosts, domain suffixes with or without a leading dot, or '*') for exceptions. Loopback
 * addresses never go through a proxy: they are this machine's own servers (Ollama, llama-server). Only HTTP
 * proxies are supported (java.net.http has no SOCKS support); when no variable is set the JVM's own
 * selector applies ({@code -Dhttps.proxyHost}, {@code -Djava.net.useSystemProxies=true}).
 */
public final class EnvProxySelector extends ProxySelector {

    private final Optional<InetSocketAddress> https;
    private final Optional<InetSocketAddress> http;
    private final List<String> noProxy;
    private final boolean noProxyAll;

    private EnvProxySelector(Optional<InetSocketAddress> https, Optional<InetSocketAddress> http, List<String> noProxy) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
        this.noProxyAll = noProxy.contains("*");
    }

    /** The selector for this environment: proxies from its variables, else the JVM's default selector. */
    public static ProxySelector from(Map<String, String> env) {
        Optional<InetSocketAddress> all = address(first(env, "all_proxy", "ALL_PROXY"));
        Optional<InetSocketAddress> https = address(first(env, "https_proxy", "HTTPS_PROXY")).or(() -> all);
        Optional<InetSocketAddress> http = address(first(env, "http_proxy", "HTTP_PROXY")).or(() -> all);
        if (https.isEmpty() && http.isEmpty()) {
            ProxySelector jvm = ProxySelector.getDefault();
            return jvm != null ? jvm : HttpNoProxy.INSTANCE;
        }
        List<String> exceptions = new ArrayList<>();
        first(env, "no_proxy", "NO_PROXY").ifPresent(v -> {
            for (String part : v.split(",")) {
                String p = part.trim().toLowerCase(Locale.ROOT);
                if (p.startsWith("*.")) {
                    p = p.substring(1);
                }
                if (!p.isEmpty()) {
                    exceptions.add(p);
                }
            }
        });
        return new EnvProxySelector(https, http, List.copyOf(exceptions));
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        Optional<InetSocketAddress> proxy = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
        if (proxy.isEmpty() || isLoopback(host) || bypassed(host, uri.getPort())) {
            return List.of(Proxy.NO_PROXY);
        }
        return List.of(new Proxy(Proxy.Type.HTTP, proxy.get()));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // Nothing to learn: the run reports the failure.
    }

    private boolean bypassed(String host, int port) {
        if (noProxyAll) {
            return true;
        }
        for (String entry : noProxy) {
            String name = entry;
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon) {
                try {
                    int p = Integer.parseInt(entry.substring(colon + 1));
                    if (p != port) {
                        continue;
                    }
                    name = entry.substring(0, colon);
                } catch (NumberFormatException e) {
                    // Not host:port; compare as written.
                }
            }
            String bare = name.startsWith(".") ? name.substring(1) : name;
            if (host.equals(bare) || host.endsWith("." + bare)) {
                return true;
            }
        }
        return false;
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    private static Optional<String> first(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return Optional.of(v.trim());
            }
        }
        return Optional.empty();
    }

    private static Optional<InetSocketAddress> address(Optional<String> value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get();
        URI uri;
        try {
            uri = URI.create(v.contains("://") ? v : "http://" + v);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return Optional.empty();
        }
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return Optional.of(InetSocketAddress.createUnresolved(uri.getHost(), port));
    }

    /** Direct connections for every address, when the JVM has no default selector. */
    private static final class HttpNoProxy extends ProxySelector {
        static final HttpNoProxy INSTANCE = new HttpNoProxy();

        @Override
        public List<Proxy> select(URI uri) {
            return List.of(Proxy.NO_PROXY);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        }
    }
}

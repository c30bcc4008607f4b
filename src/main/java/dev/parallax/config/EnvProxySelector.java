package dev.parallax.config;

import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Proxies as curl and most command-line tools take them: {@code HTTPS_PROXY} for https URLs,
 * {@code HTTP_PROXY} for http ones ({@code ALL_PROXY} for both), lower-case names too, and
 * {@code NO_PROXY} (comma-separated hosts or domain suffixes, {@code *} for none). Loopback
 * addresses never go through a proxy.
 */
public final class EnvProxySelector extends ProxySelector {

    private record ProxyUrl(String host, int port, Optional<PasswordAuthentication> credentials) {
    }

    private static final java.util.regex.Pattern HOST_PORT = java.util.regex.Pattern.compile("^([^:\\[\\]]+):(\\d{1,5})$");

    private final Optional<ProxyUrl> https;
    private final Optional<ProxyUrl> http;
    private final List<String> noProxy;

    private EnvProxySelector(Optional<ProxyUrl> https, Optional<ProxyUrl> http, List<String> noProxy) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    public static EnvProxySelector fromEnvironment(Map<String, String> env) {
        Optional<ProxyUrl> all = parse(first(env, "ALL_PROXY", "all_proxy"));
        Optional<ProxyUrl> https = parse(first(env, "HTTPS_PROXY", "https_proxy")).or(() -> all);
        Optional<ProxyUrl> http = parse(first(env, "HTTP_PROXY", "http_proxy")).or(() -> all);
        List<String> noProxy = new ArrayList<>();
        String list = first(env, "NO_PROXY", "no_proxy");
        if (list != null) {
            for (String entry : list.split(",")) {
                String e = entry.strip().toLowerCase(Locale.ROOT);
                if (!e.isEmpty()) {
                    noProxy.add(e);
                }
            }
        }
        return new EnvProxySelector(https, http, List.copyOf(noProxy));
    }

    /**
     * The selector for HTTP clients: the environment's proxies, or, when none is set, the JVM's own
     * selector ({@code -Dhttps.proxyHost}, {@code -Djava.net.useSystemProxies=true}).
     */
    public static ProxySelector from(Map<String, String> env) {
        EnvProxySelector fromEnv = fromEnvironment(env);
        if (fromEnv.configured()) {
            return fromEnv;
        }
        ProxySelector jvm = ProxySelector.getDefault();
        return jvm != null ? jvm : fromEnv;
    }

    /** Whether any proxy is configured at all. */
    public boolean configured() {
        return https.isPresent() || http.isPresent();
    }

    /** Answers a proxy's request for credentials given as {@code http://user:password@host:port}. */
    public Optional<Authenticator> authenticator() {
        if (https.flatMap(ProxyUrl::credentials).isEmpty() && http.flatMap(ProxyUrl::credentials).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                if (getRequestorType() != RequestorType.PROXY) {
                    return null;
                }
                for (Optional<ProxyUrl> p : List.of(https, http)) {
                    if (p.isPresent() && p.get().host().equalsIgnoreCase(getRequestingHost())
                            && p.get().port() == getRequestingPort()) {
                        return p.get().credentials().orElse(null);
                    }
                }
                return null;
            }
        });
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        Optional<ProxyUrl> proxy = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        if (proxy.isEmpty() || bypass(host, port)) {
            return List.of(Proxy.NO_PROXY);
        }
        return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.get().host(), proxy.get().port())));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
        // The request fails with its own exception; there is no other proxy to try.
    }

    /** Loopback hosts never go through a proxy. */
    public static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    boolean bypass(String host, int port) {
        if (isLoopback(host)) {
            return true;
        }
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            String pattern = entry;
            java.util.regex.Matcher withPort = HOST_PORT.matcher(entry);
            if (withPort.matches()) {
                if (port >= 0 && Integer.parseInt(withPort.group(2)) != port) {
                    continue;
                }
                pattern = withPort.group(1);
            }
            String domain = pattern.startsWith("*.") ? pattern.substring(1) : pattern;
            domain = domain.startsWith(".") ? domain.substring(1) : domain;
            if (host.equals(domain) || host.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    private static String first(Map<String, String> env, String upper, String lower) {
        String value = env.get(upper);
        if (value == null || value.isBlank()) {
            value = env.get(lower);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Optional<ProxyUrl> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        URI uri = URI.create(text.contains("://") ? text : "http://" + text);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("cannot read the proxy setting '" + uri.getScheme() + "://…'");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        Optional<PasswordAuthentication> credentials = Optional.empty();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(0, colon), StandardCharsets.UTF_8);
            String password = colon < 0 ? "" : URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8);
            credentials = Optional.of(new PasswordAuthentication(user, password.toCharArray()));
        }
        return Optional.of(new ProxyUrl(uri.getHost(), port, credentials));
    }
}

package dev.parallax.report;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** Escaping and link checks for the HTML report: text is always text, and only http, https and mailto links go out. */
final class Html {

    private Html() {
    }

    /** Text safe in element content and in quoted attributes; control characters other than tab and newline dropped. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c >= 0x20 && c != 0x7f || c == '\n' || c == '\t') {
                        b.append(c);
                    } else if (c == '\r') {
                        b.append('\n');
                    }
                }
            }
        }
        return b.toString();
    }

    /** The URL when its scheme is http, https or mailto and it parses; empty otherwise. */
    static Optional<String> safeUrl(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            URI u = new URI(url.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equals("http") || scheme.equals("https") || scheme.equals("mailto")
                    ? Optional.of(u.toASCIIString()) : Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** A link when the URL is safe, else the URL as plain text. */
    static String link(String url, String text) {
        return safeUrl(url).map(u -> "<a href=\"" + escape(u) + "\" rel=\"noopener noreferrer\">" + escape(text) + "</a>")
                .orElse(escape(text));
    }
}

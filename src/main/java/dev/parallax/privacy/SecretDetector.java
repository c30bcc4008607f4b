package dev.parallax.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials: provider API keys by their published shapes, PEM private key blocks, JWTs whose header decodes to
 * JSON, values of password/secret assignments, and long tokens whose Shannon entropy is that of random data.
 * Each finding's detector names the rule that matched ("secret:openai", "secret:entropy"...).
 */
final class SecretDetector implements Detector {

    private record Shape(String name, Pattern pattern, double confidence) {
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape("anthropic", Pattern.compile("(?<![\\w-])sk-ant-(?:api\\d\\d-|admin\\d\\d-)?[A-Za-z0-9_-]{20,}"), 0.99),
            new Shape("openai", Pattern.compile("(?<![\\w-])sk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}"), 0.97),
            new Shape("github", Pattern.compile("(?<!\\w)(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})"), 0.99),
            new Shape("aws-access-key", Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA)[A-Z0-9]{16}(?![A-Z0-9])"), 0.97),
            new Shape("google-api-key", Pattern.compile("(?<![\\w-])AIza[0-9A-Za-z_-]{35}(?![\\w-])"), 0.98),
            new Shape("slack", Pattern.compile("(?<![\\w-])xox[abprs]-[A-Za-z0-9-]{10,}"), 0.97),
            new Shape("stripe", Pattern.compile("(?<![\\w-])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"), 0.98),
            new Shape("pem-private-key", Pattern.compile(
                    "-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|\\z)"), 0.99));

    private static final Pattern AWS_SECRET = Pattern.compile(
            "(?i)aws.{0,24}?(?:secret|private).{0,24}?[:=\"'\\s]\\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])");
    private static final Pattern JWT = Pattern.compile(
            "(?<![\\w-])(eyJ[A-Za-z0-9_-]{8,})\\.([A-Za-z0-9_-]{4,})\\.([A-Za-z0-9_-]{8,})(?![\\w-])");
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)(?<![a-z0-9])(password|passwd|pwd|passphrase|pass|secret|secret[_-]?key|"
                    + "client[_-]?secret|api[_-]?key|apikey|access[_-]?token|auth[_-]?token|private[_-]?key|token)[\"']?"
                    + "\\s*(?::=|=>|[:=])\\s*(?:\"([^\"\\n]{4,200})\"|'([^'\\n]{4,200})'|([^\\s\"',;]{4,200}))");
    /** A password said in words: "my password is hunter2", "the wifi passphrase was Tr0ub4dor". */
    private static final Pattern STATED = Pattern.compile(
            "(?i)\\b(?:my|the|our|his|her|their|your)\\s+(?:[a-z]+\\s+)?(password|passphrase|passcode|passwd)\\s+"
                    + "(?:is|was|=|:)\\s+[\"'“]?([^\\s\"'”,;!?]{4,64}?)[\"'”]?(?=[\\s,;!?]|\\.(?:\\s|$)|$)");
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)[*x•.#_-]+|<[^>]*>|\\$\\{?[\\w.]+}?|%[\\w]+%?|\\{\\{.*}}|(process\\.env|os\\.environ|os\\.getenv|getenv|"
                    + "system\\.getenv|env|config|settings|self|this|args?|input|request|req|params?)\\b.*|"
                    + "null|none|nil|true|false|undefined|required|optional|string|str|text|your[_ -].*|changeme|secret|"
                    + "password|redacted|\\[redacted]|hidden|example|dummy|placeholder|\\d{1,5}|\\w+\\(.*");
    private static final Pattern TOKEN = Pattern.compile("(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-][A-Za-z0-9+/=_-]{31,}(?![A-Za-z0-9+/=_-])");
    private static final ObjectMapper JSON = new ObjectMapper();

    static final double ENTROPY_BITS_PER_CHAR = 4.2;

    @Override
    public String name() {
        return "secret";
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> found = new ArrayList<>();
        for (Shape s : SHAPES) {
            Matcher m = s.pattern.matcher(text);
            while (m.find()) {
                found.add(new Finding(EntityType.SECRET, m.start(), m.end(), s.confidence, "secret:" + s.name));
            }
        }
        Matcher aws = AWS_SECRET.matcher(text);
        while (aws.find()) {
            add(found, new Finding(EntityType.SECRET, aws.start(1), aws.end(1), 0.95, "secret:aws-secret-key"));
        }
        Matcher jwt = JWT.matcher(text);
        while (jwt.find()) {
            if (jsonHeader(jwt.group(1))) {
                add(found, new Finding(EntityType.SECRET, jwt.start(), jwt.end(), 0.96, "secret:jwt"));
            }
        }
        Matcher a = ASSIGNMENT.matcher(text);
        while (a.find()) {
            int g = a.group(2) != null ? 2 : a.group(3) != null ? 3 : 4;
            String value = a.group(g).trim();
            String key = a.group(1).toLowerCase(Locale.ROOT);
            if (value.isEmpty() || PLACEHOLDER.matcher(value).matches()) {
                continue;
            }
            // "token: 512" (a token count) or "pass: yes": only a value with letters and digits or symbols is a secret.
            boolean weakKey = key.equals("token") || key.equals("pass");
            if (weakKey && !(value.length() >= 8 && hasLetterAndDigit(value))) {
                continue;
            }
            add(found, new Finding(EntityType.SECRET, a.start(g), a.start(g) + a.group(g).length(), 0.9,
                    "secret:assignment"));
        }
        Matcher said = STATED.matcher(text);
        while (said.find()) {
            // "my password is hunter2" is one, "my password is too short" is not: a word alone is not a password.
            String value = said.group(2);
            if (!PLACEHOLDER.matcher(value).matches() && value.length() >= 6 && passwordLike(value)) {
                add(found, new Finding(EntityType.SECRET, said.start(2), said.end(2), 0.85, "secret:stated"));
            }
        }
        Matcher t = TOKEN.matcher(text);
        while (t.find()) {
            String token = t.group();
            if (randomLooking(token)) {
                add(found, new Finding(EntityType.SECRET, t.start(), t.end(), 0.75, "secret:entropy"));
            }
        }
        return found;
    }

    /** Has a digit or a symbol, or capitals after the first letter (not a plain word). */
    static boolean passwordLike(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isDigit(c) || !Character.isLetterOrDigit(c) || i > 0 && Character.isUpperCase(c)) {
                return true;
            }
        }
        return false;
    }

    /** Adds a finding unless an earlier, more specific one already covers it. */
    private static void add(List<Finding> found, Finding f) {
        for (Finding g : found) {
            if (g.overlaps(f)) {
                return;
            }
        }
        found.add(f);
    }

    private static boolean jsonHeader(String part) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(part);
            JsonNode header = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            return header != null && header.isObject() && (header.has("alg") || header.has("typ"));
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }

    /**
     * Upper, lower case and digits, no long run of one class, entropy of random base64: hex strings (hashes,
     * commit ids, UUIDs), identifiers and paths are left alone.
     */
    static boolean randomLooking(String token) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        int slashes = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
            if (c == '/') {
                slashes++;
            }
        }
        if (!(upper && lower && digit) || slashes > 2 || token.matches("[0-9a-fA-F-]+")) {
            return false;
        }
        return entropy(token) >= ENTROPY_BITS_PER_CHAR;
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String s) {
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double h = 0;
        for (int n : counts) {
            if (n > 0) {
                double p = (double) n / s.length();
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        if (other > 0) {
            double p = (double) other / s.length();
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }

    private static boolean hasLetterAndDigit(String v) {
        return v.chars().anyMatch(Character::isLetter) && v.chars().anyMatch(c -> !Character.isLetter(c));
    }
}

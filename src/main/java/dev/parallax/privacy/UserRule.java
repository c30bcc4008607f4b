package dev.parallax.privacy;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A rule of the user's own, from settings: a named regular expression, or a list of keywords (whole words, case
 * insensitive), e.g. project code names or customer names.
 */
public record UserRule(String name, Kind kind, String regex, List<String> keywords) {

    public enum Kind { REGEX, KEYWORDS }

    public UserRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(regex, "regex");
        keywords = List.copyOf(Objects.requireNonNull(keywords, "keywords"));
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")) {
            throw new IllegalArgumentException("'" + name + "' is not a rule name: use up to 40 letters, digits, '.', '_' or '-'");
        }
        if (kind == Kind.REGEX) {
            if (regex.isEmpty()) {
                throw new IllegalArgumentException("rule " + name + " needs a regular expression");
            }
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("rule " + name + ": '" + regex + "' is not a valid regular expression: "
                        + e.getDescription());
            }
        } else if (keywords.isEmpty() || keywords.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("rule " + name + " needs at least one keyword, none of them blank");
        }
    }

    public static UserRule regex(String name, String regex) {
        return new UserRule(name, Kind.REGEX, regex, List.of());
    }

    public static UserRule keywords(String name, List<String> keywords) {
        return new UserRule(name, Kind.KEYWORDS, "", keywords);
    }

    /** The pattern this rule matches with. */
    Pattern pattern() {
        if (kind == Kind.REGEX) {
            return Pattern.compile(regex);
        }
        StringBuilder alternatives = new StringBuilder();
        for (String k : keywords) {
            if (alternatives.length() > 0) {
                alternatives.append('|');
            }
            alternatives.append(Pattern.quote(k.strip()));
        }
        return Pattern.compile("(?<![\\p{L}\\p{N}_])(?:" + alternatives + ")(?![\\p{L}\\p{N}_])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}

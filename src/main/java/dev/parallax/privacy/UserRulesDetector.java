package dev.parallax.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user's own rules. A rule's regular expression gets a time limit per text: one that backtracks for ever makes
 * the gate undecided (nothing leaves) rather than hanging the run.
 */
final class UserRulesDetector implements Detector {

    static final long TIME_LIMIT_MS = 200;

    private record Compiled(UserRule rule, Pattern pattern) {
    }

    private final List<Compiled> rules;

    UserRulesDetector(List<UserRule> rules) {
        List<Compiled> compiled = new ArrayList<>();
        for (UserRule r : rules) {
            compiled.add(new Compiled(r, r.pattern()));
        }
        this.rules = List.copyOf(compiled);
    }

    @Override
    public String name() {
        return "rules";
    }

    @Override
    public List<Finding> detect(String text) throws DetectorException {
        List<Finding> found = new ArrayList<>();
        for (Compiled c : rules) {
            long deadline = System.nanoTime() + TIME_LIMIT_MS * 1_000_000L;
            Matcher m = c.pattern.matcher(new Deadline(text, deadline));
            try {
                while (m.find()) {
                    if (m.end() > m.start()) {
                        found.add(new Finding(EntityType.USER_RULE, m.start(), m.end(), 1.0, "rule:" + c.rule.name()));
                    }
                }
            } catch (Deadline.Expired e) {
                throw new DetectorException("the rule " + c.rule.name() + " took more than " + TIME_LIMIT_MS
                        + " ms on this text: simplify its regular expression");
            }
        }
        return found;
    }

    /** A text whose characters stop being readable after a deadline, which stops a runaway regular expression. */
    private static final class Deadline implements CharSequence {
        static final class Expired extends RuntimeException {
            Expired() {
                super(null, null, false, false);
            }
        }

        private final String text;
        private final long deadline;
        private int reads;

        Deadline(String text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFF) == 0 && System.nanoTime() > deadline) {
                throw new Expired();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}

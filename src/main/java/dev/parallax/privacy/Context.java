package dev.parallax.privacy;

import java.util.Locale;
import java.util.regex.Pattern;

/** The words around a candidate, for the detectors that need them to tell a value from a look-alike. */
final class Context {

    private Context() {
    }

    /** The {@code chars} characters before {@code start}, lower case. */
    static String before(String text, int start, int chars) {
        return text.substring(Math.max(0, start - chars), start).toLowerCase(Locale.ROOT);
    }

    static String after(String text, int end, int chars) {
        return text.substring(end, Math.min(text.length(), end + chars)).toLowerCase(Locale.ROOT);
    }

    static boolean before(String text, int start, int chars, Pattern words) {
        return words.matcher(before(text, start, chars)).find();
    }

    static String digits(CharSequence s) {
        StringBuilder d = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                d.append(c);
            }
        }
        return d.toString();
    }

    /** Luhn's mod-10 check over a string of digits. */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** ISBN-10 or ISBN-13 check digits: a number that passes is a book, not a phone or a card. */
    static boolean isbn(String raw) {
        String s = raw.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (s.matches("97[89]\\d{10}")) {
            int sum = 0;
            for (int i = 0; i < 13; i++) {
                sum += (s.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
            }
            return sum % 10 == 0;
        }
        if (s.matches("\\d{9}[\\dX]")) {
            int sum = 0;
            for (int i = 0; i < 10; i++) {
                int v = s.charAt(i) == 'X' ? 10 : s.charAt(i) - '0';
                sum += v * (10 - i);
            }
            return sum % 11 == 0;
        }
        return false;
    }
}

package dev.parallax.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment card numbers: 13 to 19 digits, plain or in groups split by one kind of separator, that pass Luhn's check
 * and start with an issuer range of a known scheme (Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay, Maestro).
 */
final class PaymentCardDetector implements Detector {

    private static final Pattern CANDIDATE = Pattern.compile("(?<![\\w.,/-])\\d(?:[ -]?\\d){12,18}(?![\\w/-]|[.,]\\d)");
    private static final Pattern NOT_A_CARD = Pattern.compile(
            "\\b(isbn(-1[03])?|issn|ean|gtin|order|tracking|invoice|ref(erence)?|account|acct|customer|policy)"
                    + "\\W{0,3}(no\\.?|number|num|#|id|code)?\\W{0,3}$");

    @Override
    public String name() {
        return "luhn";
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> found = new ArrayList<>();
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            String raw = m.group();
            if (!consistentSeparators(raw)) {
                continue;
            }
            String digits = Context.digits(raw);
            if (digits.length() < 13 || digits.length() > 19 || !Context.luhn(digits) || !knownIssuer(digits)) {
                continue;
            }
            if (Context.isbn(raw) || Context.before(text, m.start(), 24, NOT_A_CARD)) {
                continue;
            }
            found.add(new Finding(EntityType.PAYMENT_CARD, m.start(), m.end(), 0.97, name()));
        }
        return found;
    }

    /** "4111 1111 1111 1111" or "4111-1111-..." or none at all; never a mix, never two in a row. */
    private static boolean consistentSeparators(String raw) {
        boolean space = raw.indexOf(' ') >= 0;
        boolean dash = raw.indexOf('-') >= 0;
        if (space && dash) {
            return false;
        }
        if (!space && !dash) {
            return true;
        }
        String[] groups = raw.split("[ -]");
        for (String g : groups) {
            if (g.length() < 3 || g.length() > 6) {
                return false;
            }
        }
        return groups.length >= 3 && groups.length <= 5;
    }

    static boolean knownIssuer(String d) {
        int len = d.length();
        int p2 = Integer.parseInt(d.substring(0, 2));
        int p3 = Integer.parseInt(d.substring(0, 3));
        int p4 = Integer.parseInt(d.substring(0, 4));
        int p6 = Integer.parseInt(d.substring(0, 6));
        if (d.charAt(0) == '4') {
            return len == 13 || len == 16 || len == 19;                        // Visa
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
            return len == 16;                                                   // Mastercard
        }
        if (p2 == 34 || p2 == 37) {
            return len == 15;                                                   // American Express
        }
        if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || (p6 >= 622126 && p6 <= 622925)) {
            return len >= 16 && len <= 19;                                      // Discover
        }
        if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) {
            return len >= 14 && len <= 19;                                      // Diners Club
        }
        if (p4 >= 3528 && p4 <= 3589) {
            return len >= 16 && len <= 19;                                      // JCB
        }
        if (p2 == 62) {
            return len >= 16 && len <= 19;                                      // UnionPay
        }
        if (p2 == 50 || (p2 >= 56 && p2 <= 69)) {
            return len >= 12 && len <= 19;                                      // Maestro
        }
        return false;
    }
}

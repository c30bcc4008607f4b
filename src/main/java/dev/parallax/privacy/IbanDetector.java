package dev.parallax.privacy;

import org.apache.commons.validator.routines.IBANValidator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** IBANs, compact or in groups of four: the country's length and the mod-97 check must both hold. */
final class IbanDetector implements Detector {

    private static final Pattern START = Pattern.compile("(?<![A-Za-z0-9])([A-Za-z]{2})(\\d{2})");
    private final IBANValidator validator = IBANValidator.getInstance();

    @Override
    public String name() {
        return "iban";
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> found = new ArrayList<>();
        Matcher m = START.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from)) {
            from = m.start() + 1;
            String country = m.group(1).toUpperCase(Locale.ROOT);
            IBANValidator.Validator v = validator.getValidator(country + "00");
            if (v == null) {
                continue;
            }
            StringBuilder compact = new StringBuilder(country).append(m.group(2));
            int i = m.end();
            while (compact.length() < v.getIbanLength() && i < text.length()) {
                char c = text.charAt(i);
                if (Character.isLetterOrDigit(c) && c < 128) {
                    compact.append(Character.toUpperCase(c));
                    i++;
                } else if (c == ' ' && i + 1 < text.length() && Character.isLetterOrDigit(text.charAt(i + 1))) {
                    i++;
                } else {
                    break;
                }
            }
            boolean bounded = i >= text.length() || !Character.isLetterOrDigit(text.charAt(i));
            if (compact.length() == v.getIbanLength() && bounded && validator.isValid(compact.toString())) {
                found.add(new Finding(EntityType.IBAN, m.start(), i, 0.99, name()));
                from = i;
            }
        }
        return found;
    }
}

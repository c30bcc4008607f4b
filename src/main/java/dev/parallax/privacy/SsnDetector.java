package dev.parallax.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * US Social Security numbers: AAA-GG-SSSS (or with spaces) whose area is not 000, 666 or 900-999, group not 00 and
 * serial not 0000; nine bare digits only right after words that name an SSN.
 */
final class SsnDetector implements Detector {

    private static final Pattern GROUPED = Pattern.compile("(?<![\\w-])(\\d{3})([- ])(\\d{2})\\2(\\d{4})(?![\\w-])");
    private static final Pattern BARE = Pattern.compile("(?<![\\w-])(\\d{3})(\\d{2})(\\d{4})(?![\\w-])");
    private static final Pattern NAMED = Pattern.compile("\\bssn\\b|social security|soc\\.? sec");

    @Override
    public String name() {
        return "ssn";
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> found = new ArrayList<>();
        Matcher m = GROUPED.matcher(text);
        while (m.find()) {
            if (valid(m.group(1), m.group(3), m.group(4))) {
                double confidence = Context.before(text, m.start(), 40, NAMED) ? 0.97 : 0.85;
                found.add(new Finding(EntityType.US_SSN, m.start(), m.end(), confidence, name()));
            }
        }
        Matcher b = BARE.matcher(text);
        while (b.find()) {
            if (valid(b.group(1), b.group(2), b.group(3)) && Context.before(text, b.start(), 30, NAMED)) {
                found.add(new Finding(EntityType.US_SSN, b.start(), b.end(), 0.9, name()));
            }
        }
        return found;
    }

    static boolean valid(String area, String group, String serial) {
        int a = Integer.parseInt(area);
        return a != 0 && a != 666 && a < 900 && !group.equals("00") && !serial.equals("0000")
                // Printed on a wallet insert in 1938 and "used" by thousands since; the SSA voided it.
                && !(area.equals("078") && group.equals("05") && serial.equals("1120"));
    }
}

package dev.parallax.privacy;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone numbers that libphonenumber holds valid for one of the configured regions, or in international form (+xx)
 * anywhere. A run of bare digits counts only right after a word that names a phone: otherwise order numbers, ids and
 * timestamps would all be phones.
 */
final class PhoneDetector implements Detector {

    private static final Pattern PHONE_WORDS = Pattern.compile(
            "(phone|tel|mobile|cell|call|fax|whatsapp|sms|text me|ring|telefon|handy|tél|téléphone|portable|numéro|"
                    + "number|nummer|reach me)\\W{0,12}$");
    private static final Pattern NOT_A_PHONE = Pattern.compile(
            "\\b(isbn(-1[03])?|issn|order|tracking|invoice|ref(erence)?|ticket|case|id|serial|sku|po|account|acct|"
                    + "build|version|ver|v)\\W{0,3}(no\\.?|number|num|#|id)?\\W{0,3}$");
    private static final Pattern DATE = Pattern.compile(
            "\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{2,4}|\\d{1,3}(\\.\\d{1,3}){3}|\\d{3}-\\d{2}-\\d{4}");

    private static final Pattern CLUSTER = Pattern.compile("(?:\\+|\\(|\\b)\\d[\\d \\t().\\-/]{4,24}\\d");

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final List<String> regions;

    PhoneDetector(List<String> regions) {
        Set<String> supported = util.getSupportedRegions();
        for (String r : regions) {
            if (!supported.contains(r)) {
                throw new IllegalArgumentException("'" + r + "' is not a phone region libphonenumber knows: use ISO "
                        + "3166 codes such as US, GB, DE, FR");
            }
        }
        this.regions = List.copyOf(regions);
    }

    @Override
    public String name() {
        return "libphonenumber";
    }

    @Override
    public List<Finding> detect(String text) {
        TreeMap<Integer, Finding> byStart = new TreeMap<>();
        // libphonenumber scans the whole text once per region; it only needs to see the runs of digits.
        Matcher cluster = CLUSTER.matcher(text);
        while (cluster.find()) {
            if (Context.digits(cluster.group()).length() < 6) {
                continue;
            }
            int from = Math.max(0, cluster.start() - 1);
            int to = Math.min(text.length(), cluster.end() + 1);
            String window = text.substring(from, to);
            for (String region : regions) {
                for (PhoneNumberMatch match : util.findNumbers(window, region, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
                    consider(text, from + match.start(), from + match.end(), match.rawString(), byStart);
                }
            }
        }
        return new ArrayList<>(byStart.values());
    }

    private void consider(String text, int start, int end, String raw, TreeMap<Integer, Finding> byStart) {
        if (byStart.containsKey(start) || DATE.matcher(raw).matches() || Context.isbn(raw)) {
            return;
        }
        if (Context.before(text, start, 24, NOT_A_PHONE)) {
            return;
        }
        boolean international = raw.startsWith("+") || raw.startsWith("00");
        boolean formatted = raw.chars().anyMatch(c -> c == ' ' || c == '-' || c == '(' || c == '.' || c == '/');
        boolean named = Context.before(text, start, 24, PHONE_WORDS);
        if (!international && !formatted && !named) {
            return;
        }
        double confidence = named ? 0.95 : international ? 0.92 : 0.85;
        byStart.put(start, new Finding(EntityType.PHONE, start, end, confidence, name()));
    }
}

package dev.parallax.privacy;

import org.apache.commons.validator.routines.DomainValidator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** E-mail addresses whose domain ends in a real top-level domain. */
final class EmailDetector implements Detector {

    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![\\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@"
                    + "((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+([A-Za-z]{2,24}))(?![A-Za-z0-9-]|\\.[A-Za-z0-9])");

    private final DomainValidator domains = DomainValidator.getInstance(false);

    @Override
    public String name() {
        return "email";
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> found = new ArrayList<>();
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            String local = text.substring(m.start(), m.start(1) - 1);
            if (local.contains("..")) {
                continue;
            }
            String tld = m.group(2).toLowerCase(Locale.ROOT);
            if (!domains.isValidTld(tld)) {
                continue;
            }
            // Reserved example domains are still addresses a person typed; they stay findings, a little less sure.
            double confidence = m.group(1).toLowerCase(Locale.ROOT).matches("(.*\\.)?example\\.(com|org|net)") ? 0.9 : 0.98;
            found.add(new Finding(EntityType.EMAIL, m.start(), m.end(), confidence, name()));
        }
        return found;
    }
}

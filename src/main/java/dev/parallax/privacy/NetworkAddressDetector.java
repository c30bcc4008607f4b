package dev.parallax.privacy;

import org.apache.commons.validator.routines.InetAddressValidator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPv4 and IPv6 addresses and MAC addresses. A dotted quad after a version word ("version 1.2.3.4", "v1.2.3.4",
 * "build 10.0.1.5") or followed by a pre-release tag ("1.2.3.4-beta") is a version, not an address.
 */
final class NetworkAddressDetector implements Detector {

    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\w.-])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\w-]|\\.\\d)");
    private static final Pattern VERSION_WORDS = Pattern.compile(
            "(version|ver|release|build|rev|revision|firmware|fw|sdk|api|v|update|patch|bump(ed)?( to)?|upgrade(d)?( to)?|"
                    + "(library|package|dependency|module|plugin|driver|kernel|client|agent|tag)( to| at| is)?)\\W{0,3}$");
    private static final Pattern IPV6 = Pattern.compile(
            "(?<![\\w:.])((?:[0-9A-Fa-f]{1,4}:){1,7}:?(?:[0-9A-Fa-f]{1,4}|:)?(?::[0-9A-Fa-f]{1,4}){0,6}"
                    + "(?:\\d{1,3}(?:\\.\\d{1,3}){3})?)(?![\\w:])");
    private static final Pattern MAC = Pattern.compile(
            "(?<![\\w:-])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\\1){4}[0-9A-Fa-f]{2}(?![\\w:-])"
                    + "|(?<![\\w.])[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}(?![\\w.])");

    private final InetAddressValidator validator = InetAddressValidator.getInstance();

    @Override
    public String name() {
        return "network";
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> found = new ArrayList<>();
        Matcher m = IPV4.matcher(text);
        while (m.find()) {
            if (!validOctets(m) || Context.before(text, m.start(), 16, VERSION_WORDS)) {
                continue;
            }
            int first = Integer.parseInt(m.group(1));
            int second = Integer.parseInt(m.group(2));
            boolean privateOrLocal = first == 10 || first == 127 || (first == 192 && second == 168)
                    || (first == 172 && second >= 16 && second <= 31) || first == 0;
            found.add(new Finding(EntityType.IP_ADDRESS, m.start(), m.end(), privateOrLocal ? 0.75 : 0.93, name()));
        }
        Matcher mac = MAC.matcher(text);
        while (mac.find()) {
            String hex = mac.group().replaceAll("[:.-]", "").toLowerCase(Locale.ROOT);
            if (!hex.equals("000000000000") && !hex.equals("ffffffffffff")) {
                found.add(new Finding(EntityType.MAC_ADDRESS, mac.start(), mac.end(), 0.93, name()));
            }
        }
        Matcher v6 = IPV6.matcher(text);
        while (v6.find()) {
            String s = v6.group(1);
            if (looksLikeIpv6(s) && validator.isValidInet6Address(s)
                    && found.stream().noneMatch(f -> f.start() < v6.end() && v6.start() < f.end())) {
                found.add(new Finding(EntityType.IP_ADDRESS, v6.start(), v6.end(), s.equals("::1") ? 0.6 : 0.93, name()));
            }
        }
        return found;
    }

    private static boolean validOctets(Matcher m) {
        for (int g = 1; g <= 4; g++) {
            String octet = m.group(g);
            if (Integer.parseInt(octet) > 255 || (octet.length() > 1 && octet.charAt(0) == '0')) {
                return false;
            }
        }
        return true;
    }

    /** At least three groups or a "::" with a group, and a digit: "a::b" in code and "12:30:45" are not addresses. */
    private static boolean looksLikeIpv6(String s) {
        long colons = s.chars().filter(c -> c == ':').count();
        boolean digit = s.chars().anyMatch(Character::isDigit);
        int hexDigits = (int) s.chars().filter(c -> Character.digit(c, 16) >= 0).count();
        return digit && hexDigits >= 4 && (colons >= 3 || (s.contains("::") && hexDigits >= 6));
    }
}

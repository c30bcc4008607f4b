package dev.parallax.report;

import java.text.Bidi;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Arabic and Hebrew for the PDF, which draws glyphs left to right exactly as given: PDFBox neither joins Arabic
 * letters nor reorders right-to-left text, so "مرحبا" came out as separate letters in reverse. Arabic letters are
 * replaced by their joined presentation forms (Unicode's Arabic Presentation Forms-B, which the DejaVu fonts have),
 * and each line is put in visual order by the Unicode bidirectional algorithm ({@link java.text.Bidi}).
 */
final class RightToLeftText {

    private static final int FIRST = 0x0621;
    private static final char LAM = '\u0644';
    private static final char TATWEEL = '\u0640';

    /**
     * Presentation forms of U+0621..U+064A: isolated, final, initial, medial; 0 where there is none (letters that join
     * only the letter before them have no initial or medial form; U+063B..U+0640 are not in the table).
     */
    private static final int[][] FORMS = new int[0x064A - FIRST + 1][];

    static {
        int[][] table = {
                {0x0621, 0xFE80, 0, 0, 0}, {0x0622, 0xFE81, 0xFE82, 0, 0}, {0x0623, 0xFE83, 0xFE84, 0, 0},
                {0x0624, 0xFE85, 0xFE86, 0, 0}, {0x0625, 0xFE87, 0xFE88, 0, 0},
                {0x0626, 0xFE89, 0xFE8A, 0xFE8B, 0xFE8C}, {0x0627, 0xFE8D, 0xFE8E, 0, 0},
                {0x0628, 0xFE8F, 0xFE90, 0xFE91, 0xFE92}, {0x0629, 0xFE93, 0xFE94, 0, 0},
                {0x062A, 0xFE95, 0xFE96, 0xFE97, 0xFE98}, {0x062B, 0xFE99, 0xFE9A, 0xFE9B, 0xFE9C},
                {0x062C, 0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0}, {0x062D, 0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4},
                {0x062E, 0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8}, {0x062F, 0xFEA9, 0xFEAA, 0, 0}, {0x0630, 0xFEAB, 0xFEAC, 0, 0},
                {0x0631, 0xFEAD, 0xFEAE, 0, 0}, {0x0632, 0xFEAF, 0xFEB0, 0, 0},
                {0x0633, 0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4}, {0x0634, 0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8},
                {0x0635, 0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC}, {0x0636, 0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0},
                {0x0637, 0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4}, {0x0638, 0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8},
                {0x0639, 0xFEC9, 0xFECA, 0xFECB, 0xFECC}, {0x063A, 0xFECD, 0xFECE, 0xFECF, 0xFED0},
                {0x0641, 0xFED1, 0xFED2, 0xFED3, 0xFED4}, {0x0642, 0xFED5, 0xFED6, 0xFED7, 0xFED8},
                {0x0643, 0xFED9, 0xFEDA, 0xFEDB, 0xFEDC}, {0x0644, 0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0},
                {0x0645, 0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4}, {0x0646, 0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8},
                {0x0647, 0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC}, {0x0648, 0xFEED, 0xFEEE, 0, 0}, {0x0649, 0xFEEF, 0xFEF0, 0, 0},
                {0x064A, 0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4}};
        for (int[] row : table) {
            FORMS[row[0] - FIRST] = new int[]{row[1], row[2], row[3], row[4]};
        }
    }

    private RightToLeftText() {
    }

    private static int[] forms(char c) {
        return c >= FIRST && c <= 0x064A ? FORMS[c - FIRST] : null;
    }

    /** Joins the letter after it (dual-joining letters and the tatweel). */
    private static boolean joinsForward(char c) {
        int[] f = forms(c);
        return c == TATWEEL || f != null && f[2] != 0;
    }

    /** Joins the letter before it. */
    private static boolean joinsBackward(char c) {
        return c == TATWEEL || forms(c) != null && forms(c)[1] != 0;
    }

    /** Harakat and other marks sit on a letter without breaking the join between letters. */
    private static boolean transparent(char c) {
        int t = Character.getType(c);
        return t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK;
    }

    private static int lamAlef(char alef) {
        return switch (alef) {
            case '\u0622' -> 0xFEF5;
            case '\u0623' -> 0xFEF7;
            case '\u0625' -> 0xFEF9;
            case '\u0627' -> 0xFEFB;
            default -> 0;
        };
    }

    /** Arabic letters in their joined forms (lam-alef as its ligature); everything else as it was. Logical order. */
    static String shape(String s) {
        if (s.chars().noneMatch(c -> c >= FIRST && c <= 0x064A)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int[] f = forms(c);
            if (f == null) {
                b.append(c);
                continue;
            }
            int prev = i - 1;
            while (prev >= 0 && transparent(s.charAt(prev))) {
                prev--;
            }
            boolean afterJoin = prev >= 0 && joinsForward(s.charAt(prev)) && joinsBackward(c);
            if (c == LAM && i + 1 < s.length() && lamAlef(s.charAt(i + 1)) != 0) {
                b.appendCodePoint(lamAlef(s.charAt(i + 1)) + (afterJoin ? 1 : 0));
                i++;
                continue;
            }
            int next = i + 1;
            while (next < s.length() && transparent(s.charAt(next))) {
                next++;
            }
            boolean beforeJoin = f[2] != 0 && next < s.length() && joinsBackward(s.charAt(next));
            int form = afterJoin && beforeJoin ? f[3] : afterJoin ? f[1] : beforeJoin ? f[2] : f[0];
            b.appendCodePoint(form);
        }
        return b.toString();
    }

    /** One line in the order its characters appear on the page, left to right; right-to-left runs mirrored. */
    static String visual(String line) {
        char[] chars = line.toCharArray();
        if (!Bidi.requiresBidi(chars, 0, chars.length)) {
            return line;
        }
        Bidi bidi = new Bidi(line, Bidi.DIRECTION_DEFAULT_LEFT_TO_RIGHT);
        int n = bidi.getRunCount();
        byte[] levels = new byte[n];
        Object[] runs = new Object[n];
        for (int i = 0; i < n; i++) {
            String run = line.substring(bidi.getRunStart(i), bidi.getRunLimit(i));
            levels[i] = (byte) bidi.getRunLevel(i);
            runs[i] = (levels[i] & 1) == 1 ? reversed(run) : run;
        }
        Bidi.reorderVisually(levels, 0, runs, 0, n);
        StringBuilder b = new StringBuilder(line.length());
        for (Object r : runs) {
            b.append((String) r);
        }
        return b.toString();
    }

    /** A right-to-left run reversed character by character, each keeping its marks after it; brackets mirrored. */
    private static String reversed(String run) {
        List<String> clusters = new ArrayList<>();
        int i = 0;
        while (i < run.length()) {
            int start = i;
            int c = run.codePointAt(i);
            i += Character.charCount(c);
            while (i < run.length() && transparent(run.charAt(i))) {
                i++;
            }
            clusters.add(Character.toString(mirror(c)) + run.substring(start + Character.charCount(c), i));
        }
        Collections.reverse(clusters);
        return String.join("", clusters);
    }

    private static int mirror(int c) {
        return switch (c) {
            case '(' -> ')';
            case ')' -> '(';
            case '[' -> ']';
            case ']' -> '[';
            case '{' -> '}';
            case '}' -> '{';
            case '<' -> '>';
            case '>' -> '<';
            case '\u00ab' -> '\u00bb';
            case '\u00bb' -> '\u00ab';
            default -> c;
        };
    }
}

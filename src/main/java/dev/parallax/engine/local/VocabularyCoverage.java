package dev.parallax.engine.local;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which characters a model's vocabulary can write. A SentencePiece vocabulary (llama.cpp's SPM) writes a character that
 * is no token of its own as its UTF-8 bytes, through the tokens {@code <0x00>}…{@code <0xFF>}. Small models trained
 * without them (TinyStories-656K: 2,048 tokens, 78 single characters) cannot write 'é', '+' or '你' at all, and
 * llama.cpp's tokenizer then throws {@code std::out_of_range} from inside its C API: the current engine's worker
 * aborts, java-llama.cpp answers "_Map_base::at". The workers check a prompt against this first and refuse it with
 * the characters named.
 */
public final class VocabularyCoverage {

    /** The vocabulary as llama.cpp holds it. */
    public interface Tokens {
        int size();

        String text(int id);

        /** Control, user-defined and unknown tokens: matched as whole texts before the rest is split into characters. */
        boolean special(int id);
    }

    private static final VocabularyCoverage EVERYTHING = new VocabularyCoverage(Set.of(), Set.of(), List.of(), true);
    /** SentencePiece writes a space as this (U+2581, "lower one eighth block"). */
    private static final int SPACE_MARK = 0x2581;
    /** Byte tokens sit right after the control tokens in the vocabularies that have them: a short look usually does. */
    private static final int FIRST_LOOK = 1024;
    private static final int MAX_NAMED = 5;

    private final Set<Integer> singles;
    private final Set<Integer> bytes;
    private final List<String> specials;
    private final boolean everything;

    private VocabularyCoverage(Set<Integer> singles, Set<Integer> bytes, List<String> specials, boolean everything) {
        this.singles = singles;
        this.bytes = bytes;
        this.specials = specials;
        this.everything = everything;
    }

    /** A vocabulary that writes any text: byte-level BPE and the rest, which llama.cpp never lets throw here. */
    public static VocabularyCoverage everything() {
        return EVERYTHING;
    }

    /** Of a SentencePiece vocabulary: everything when it has all 256 byte tokens, else what its tokens can write. */
    public static VocabularyCoverage ofSentencePiece(Tokens tokens) {
        int n = tokens.size();
        if (byteTokens(tokens, Math.min(n, FIRST_LOOK)).size() == 256) {
            return EVERYTHING;
        }
        Set<Integer> bytes = byteTokens(tokens, n);
        if (bytes.size() == 256) {
            return EVERYTHING;
        }
        Set<Integer> singles = new HashSet<>();
        List<String> specials = new ArrayList<>();
        for (int id = 0; id < n; id++) {
            String text = tokens.text(id);
            if (text == null || text.isEmpty()) {
                continue;
            }
            if (tokens.special(id)) {
                specials.add(text);
            } else if (text.codePointCount(0, text.length()) == 1) {
                singles.add(text.codePointAt(0));
            }
        }
        specials.sort(Comparator.comparingInt(String::length).reversed());
        return new VocabularyCoverage(Set.copyOf(singles), Set.copyOf(bytes), List.copyOf(specials), false);
    }

    private static Set<Integer> byteTokens(Tokens tokens, int limit) {
        Set<Integer> found = new HashSet<>();
        for (int id = 0; id < limit; id++) {
            String t = tokens.text(id);
            if (t != null && t.length() == 6 && t.startsWith("<0x") && t.endsWith(">")) {
                try {
                    found.add(Integer.parseInt(t.substring(3, 5), 16));
                } catch (NumberFormatException e) {
                    // "<0xZZ>" is some other token.
                }
            }
        }
        return found;
    }

    /** The characters of {@code text} this vocabulary cannot write, the first few, each once; empty when it can. */
    public List<String> unwritable(String text) {
        if (everything) {
            return List.of();
        }
        String rest = text;
        for (String special : specials) {
            rest = rest.replace(special, "");
        }
        Set<String> missing = new LinkedHashSet<>();
        rest.codePoints().forEach(cp -> {
            if (missing.size() < MAX_NAMED && !writable(cp)) {
                missing.add(new String(Character.toChars(cp)));
            }
        });
        return List.copyOf(missing);
    }

    private boolean writable(int cp) {
        if (singles.contains(cp == ' ' ? SPACE_MARK : cp)) {
            return true;
        }
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
            int u = b & 0xFF;
            if (!bytes.contains(u) && !(u < 0x80 && singles.contains(u))) {
                return false;
            }
        }
        return true;
    }

    /** What a refused run says. */
    public static String refusal(List<String> unwritable) {
        StringBuilder named = new StringBuilder();
        for (String c : unwritable) {
            named.append(named.isEmpty() ? "" : ", ").append(describe(c));
        }
        String them = unwritable.size() == 1 ? "it" : "them";
        return "this model's vocabulary cannot write " + named + " (no token for " + them + " and no byte fallback: "
                + "llama.cpp cannot read " + them + "); leave " + them + " out of the prompt, or use another model";
    }

    private static String describe(String c) {
        int cp = c.codePointAt(0);
        return Character.isISOControl(cp) || Character.isWhitespace(cp)
                ? String.format(java.util.Locale.ROOT, "U+%04X", cp) : "'" + c + "'";
    }
}

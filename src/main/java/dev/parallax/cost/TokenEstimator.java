package dev.parallax.cost;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.parallax.core.ChatMessage;

import java.util.List;
import java.util.Locale;

/**
 * Token counts for when a provider reports none (a truncated stream, a cancelled run). OpenAI-family models
 * are counted with their own tokenizer (o200k_base, through jtokkit); other models with a character rule:
 * ASCII text at about four characters a token, other characters (CJK, emoji) at about one token each, which
 * is how BPE vocabularies trained mostly on English treat them. Counts so made are marked estimated.
 */
public final class TokenEstimator {

    /** Which tokenizer family a provider's models belong to. */
    public enum Family { OPENAI, OTHER }

    /** ChatML-style framing: tokens per message, and for the reply's priming (OpenAI's published rule). */
    static final int PER_MESSAGE = 3;
    static final int REPLY_PRIMING = 3;
    static final double ASCII_CHARS_PER_TOKEN = 4.0;

    private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    private volatile Encoding o200k;

    public static Family familyOf(String provider, String model) {
        String p = provider.toLowerCase(Locale.ROOT);
        String m = model.toLowerCase(Locale.ROOT);
        if (p.equals("openai") || p.equals("azure-openai")) {
            return Family.OPENAI;
        }
        if (m.startsWith("openai/") || m.startsWith("gpt-") || m.matches("o\\d(-.*)?")) {
            return Family.OPENAI;
        }
        return Family.OTHER;
    }

    public int count(String text, Family family) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (family == Family.OPENAI) {
            return encoding().countTokensOrdinary(text);
        }
        long ascii = 0;
        long other = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (cp < 0x80) {
                ascii++;
            } else {
                other++;
            }
            i += Character.charCount(cp);
        }
        return (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(ascii / ASCII_CHARS_PER_TOKEN) + other);
    }

    /** The prompt of a chat: every message's text plus its framing. */
    public int promptTokens(List<ChatMessage> messages, Family family) {
        int total = REPLY_PRIMING;
        for (ChatMessage m : messages) {
            total += PER_MESSAGE + count(m.content(), family);
        }
        return total;
    }

    private Encoding encoding() {
        Encoding e = o200k;
        if (e == null) {
            e = registry.getEncoding(EncodingType.O200K_BASE);
            o200k = e;
        }
        return e;
    }
}

package dev.parallax.engine.local;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.parallax.core.ChatMessage;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a GGUF model's own chat template (Jinja, as Hugging Face writes them) in Java. Templates
 * that use Python-only features fail here; the caller then falls back to llama.cpp's built-in ones.
 */
public final class ChatTemplates {

    private static final Jinjava JINJAVA = create();

    private ChatTemplates() {
    }

    private static Jinjava create() {
        Jinjava jinjava = new Jinjava(JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withFailOnUnknownTokens(false)
                .build());
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception",
                ChatTemplates.class, "raiseException", String.class));
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "strftime_now",
                ChatTemplates.class, "strftimeNow", String.class));
        return jinjava;
    }

    /** The prompt the template makes of these messages, ending with the assistant's turn; empty if it cannot render. */
    public static Optional<String> render(String template, List<ChatMessage> messages, String bosToken, String eosToken) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ChatMessage m : messages) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("role", m.role().name().toLowerCase(Locale.ROOT));
            entry.put("content", m.content());
            list.add(entry);
        }
        Map<String, Object> context = new HashMap<>();
        context.put("messages", list);
        context.put("add_generation_prompt", true);
        context.put("bos_token", bosToken);
        context.put("eos_token", eosToken);
        try {
            RenderResult result = JINJAVA.renderForResult(template, context);
            boolean fatal = result.getErrors().stream().anyMatch(e -> e.getSeverity() == TemplateError.ErrorType.FATAL);
            if (fatal || result.getOutput() == null || result.getOutput().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(result.getOutput());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public static String raiseException(String message) {
        throw new IllegalArgumentException("chat template: " + message);
    }

    public static String strftimeNow(String pythonFormat) {
        String javaPattern = pythonFormat.replace("%Y", "yyyy").replace("%m", "MM").replace("%d", "dd")
                .replace("%B", "MMMM").replace("%b", "MMM").replace("%H", "HH").replace("%M", "mm");
        try {
            return LocalDateTime.now().format(DateTimeFormatter.ofPattern(javaPattern, Locale.ENGLISH));
        } catch (IllegalArgumentException e) {
            return LocalDateTime.now().toLocalDate().toString();
        }
    }
}

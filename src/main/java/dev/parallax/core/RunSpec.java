package dev.parallax.core;

import java.util.List;
import java.util.Objects;

/** What to run: a target, the conversation (or raw text), and the parameters. */
public record RunSpec(Target target, List<ChatMessage> messages, PromptMode mode, GenerationParams params) {

    public RunSpec {
        Objects.requireNonNull(target, "target");
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(params, "params");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a run needs a prompt");
        }
        if (mode == PromptMode.RAW && messages.size() != 1) {
            throw new IllegalArgumentException("a raw completion takes exactly one text, not a conversation");
        }
        if (messages.stream().noneMatch(m -> m.role() == ChatMessage.Role.USER)) {
            throw new IllegalArgumentException("a run needs a prompt");
        }
    }

    /** A single user prompt through the model's chat template, with an optional system prompt. */
    public static RunSpec chat(Target target, String system, String prompt, GenerationParams params) {
        return prompt(target, system, prompt, PromptMode.CHAT, params);
    }

    /** A single prompt with an optional system prompt, in the given mode. */
    public static RunSpec prompt(Target target, String system, String prompt, PromptMode mode, GenerationParams params) {
        List<ChatMessage> messages = system == null || system.isBlank()
                ? List.of(ChatMessage.user(prompt))
                : List.of(ChatMessage.system(system), ChatMessage.user(prompt));
        return new RunSpec(target, messages, PromptMode.AUTO, params).withMode(mode);
    }

    public RunSpec withTarget(Target other) {
        return new RunSpec(other, messages, mode, params);
    }

    /** The same run in another mode; a conversation becomes one text (turns separated by blank lines) for RAW. */
    public RunSpec withMode(PromptMode other) {
        if (other == PromptMode.RAW && messages.size() != 1) {
            String text = String.join("\n\n", messages.stream().map(ChatMessage::content).toList());
            return new RunSpec(target, List.of(ChatMessage.user(text)), other, params);
        }
        return new RunSpec(target, messages, other, params);
    }

    public static RunSpec raw(Target target, String text, GenerationParams params) {
        return new RunSpec(target, List.of(ChatMessage.user(text)), PromptMode.RAW, params);
    }

    /** The last user message: what a person would call "the prompt". */
    public String prompt() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == ChatMessage.Role.USER) {
                return messages.get(i).content();
            }
        }
        return messages.get(messages.size() - 1).content();
    }

    /**
     * The turns before the last prompt, without the system prompt: what a follow-up carried with it, in order; empty
     * for a single prompt.
     */
    public List<ChatMessage> earlierTurns() {
        int last = messages.size() - 1;
        while (last > 0 && messages.get(last).role() != ChatMessage.Role.USER) {
            last--;
        }
        return messages.subList(0, last).stream().filter(m -> m.role() != ChatMessage.Role.SYSTEM).toList();
    }

    /** The system prompt, or an empty string. */
    public String systemPrompt() {
        return messages.stream()
                .filter(m -> m.role() == ChatMessage.Role.SYSTEM)
                .map(ChatMessage::content)
                .findFirst()
                .orElse("");
    }
}

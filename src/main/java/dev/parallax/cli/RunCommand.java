package dev.parallax.cli;

import dev.parallax.core.ChatMessage;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.PromptMode;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.history.RunRecord;
import dev.parallax.privacy.PrivacyAction;
import dev.parallax.route.ActiveRun;
import dev.parallax.route.RunOptions;
import dev.parallax.route.RunRejectedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code parallax run}: one prompt on one target, streamed or as one JSON object. */
@Command(name = "run", description = "Run a prompt on a target and print the answer (or --json).",
        sortOptions = false)
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    ParallaxCommand root;

    @Option(names = "--target", required = true, paramLabel = "TARGET",
            description = "local:MODEL (an imported model's name or a path to a .gguf file), or PROVIDER:MODEL for a "
                    + "cloud or server API, e.g. openai:gpt-4o-mini, anthropic:claude-3-5-haiku-latest, ollama:llama3.2 "
                    + "(see 'parallax providers list'), or auto (the router picks per prompt; auto:PROVIDER:MODEL[,...] "
                    + "names its cloud targets).")
    String target;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt.")
    String prompt;

    @Option(names = "--system", paramLabel = "TEXT", description = "A system prompt (chat mode).")
    String system;

    @Option(names = "--continue", paramLabel = "RUN",
            description = "Go on with a stored run's conversation: its system prompt (unless --system is given), its "
                    + "turns and its answer go before --prompt, on any --target. A run's id or its first characters, "
                    + "as 'parallax history' shows it.")
    String continueRun;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Most tokens to generate (default: ${DEFAULT-VALUE}).", defaultValue = "256")
    int maxTokens;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores).", defaultValue = "0")
    int threads;

    @Option(names = "--ctx", paramLabel = "N", description = "Context size in tokens (default: ${DEFAULT-VALUE}).", defaultValue = "2048")
    int contextSize;

    @Option(names = "--temperature", paramLabel = "X", defaultValue = "0.8", description = "Sampling temperature; 0 is greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", paramLabel = "N", defaultValue = "40", description = "Top-k, 0 = off (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", paramLabel = "X", defaultValue = "0.95", description = "Top-p (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--min-p", paramLabel = "X", defaultValue = "0.05", description = "Min-p (default: ${DEFAULT-VALUE}).")
    double minP;

    @Option(names = "--repeat-penalty", paramLabel = "X", defaultValue = "1.1", description = "Repeat penalty (default: ${DEFAULT-VALUE}).")
    double repeatPenalty;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "-1", description = "Sampling seed; -1 = random (default).")
    long seed;

    @Option(names = "--stop", paramLabel = "TEXT", description = "A stop string (repeatable).")
    List<String> stop = new ArrayList<>();

    @Option(names = "--gpu-layers", paramLabel = "N", defaultValue = "0", description = "Layers to offload to a GPU (needs a GPU build).")
    int gpuLayers;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (chat when the model has a chat template, else raw), chat, or raw.")
    String mode;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "auto",
            description = "Local engine: auto (current llama.cpp where it can run, else java-llama.cpp), current, or java-llama.cpp.")
    String engine;

    @Option(names = "--json", description = "Print one JSON object with the answer and its measurements.")
    boolean json;

    @Option(names = "--policy", paramLabel = "POLICY",
            description = "For this run only: allow, redact or local-only for a prompt with findings (default: the saved policy).")
    String policy;

    @Option(names = "--local-only", description = "Label this run local-only: it never leaves this machine.")
    boolean localOnly;

    @Override
    public Integer call() throws Exception {
        RunSpec spec = spec();
        if (!localOnly) {
            root.prepareChecksFor(java.util.List.of(spec.target()));
        }
        PrintWriter out = root.out();
        PrintWriter err = root.err();
        ActiveRun run;
        AnswerStream answer = new AnswerStream(out, err, !json);
        try {
            run = root.services().runService().start(spec, engineChoice(), options(), answer::onEvent);
        } catch (RunRejectedException e) {
            throw new CliFailure(e.getMessage());
        }
        run.notice().ifPresent(answer::note);
        Optional<String> routedAtStart = run.routing().flatMap(Summaries::routing);
        routedAtStart.ifPresent(answer::note);
        // Ctrl-C (or a TERM): the run is cancelled, then saved and printed with what it answered.
        CancelOnExit onExit = CancelOnExit.install("parallax-cancel-on-exit", run::cancel, Duration.ofSeconds(2),
                timeout -> run.await(timeout).isPresent());
        try {
            return report(run, run.await(), out, err, routedAtStart, answer);
        } finally {
            onExit.close();
        }
    }

    private int report(ActiveRun run, RunResult result, PrintWriter out, PrintWriter err, Optional<String> routedAtStart,
                       AnswerStream answer) throws Exception {
        run.saveError().ifPresent(e -> answer.note("warning: " + e));
        // auto fell back to another target after a cloud error: say where the answer really came from.
        Optional<String> routedAtEnd = run.routing().flatMap(Summaries::routing);
        if (routedAtEnd.isPresent() && !routedAtEnd.equals(routedAtStart)) {
            answer.note(routedAtEnd.get());
        }
        if (json) {
            com.fasterxml.jackson.databind.node.ObjectNode o = RunJson.of(result);
            run.routing().ifPresent(r -> o.set("routing", PrivacyJson.routing(r)));
            out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
        } else {
            answer.end(!result.text().endsWith("\n"));
            err.println(Summaries.oneLine(result));
        }
        out.flush();
        if (result.status() != RunStatus.COMPLETED) {
            err.println("parallax: run " + result.status().label() + result.error()
                    .filter(e -> !e.equals(result.status().label())).map(e -> ": " + e).orElse(""));
            return 1;
        }
        return 0;
    }

    private RunOptions options() {
        RunOptions o = localOnly ? RunOptions.localOnly() : RunOptions.defaults();
        try {
            return policy == null ? o : o.withPolicy(PrivacyAction.parse(policy));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), 2);
        }
    }

    private EngineChoice engineChoice() {
        try {
            return EngineChoice.parse(engine);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), 2);
        }
    }

    /** The stored run's conversation, its answer as the latest turn, then this prompt. */
    private List<ChatMessage> followUp(RunRecord earlier, PromptMode promptMode) {
        if (promptMode == PromptMode.RAW) {
            throw new CliFailure("a raw completion has no turns to go on with: use --continue with --mode auto or chat", 2);
        }
        if (earlier.status() == RunStatus.FAILED || earlier.output().isBlank()) {
            throw new CliFailure("run " + earlier.id() + " has no answer to go on from (" + earlier.status().label()
                    + earlier.error().map(e -> ": " + e).orElse("") + ")", 2);
        }
        List<ChatMessage> messages = new ArrayList<>();
        String systemPrompt = system != null ? system : earlier.systemPrompt();
        if (!systemPrompt.isBlank()) {
            messages.add(ChatMessage.system(systemPrompt));
        }
        messages.addAll(earlier.spec().earlierTurns());
        messages.add(ChatMessage.user(earlier.prompt()));
        messages.add(ChatMessage.assistant(earlier.output()));
        messages.add(ChatMessage.user(prompt));
        return messages;
    }

    private RunSpec spec() {
        try {
            GenerationParams params = new GenerationParams(threads, contextSize, maxTokens, temperature, topK, topP,
                    minP, repeatPenalty, seed, stop, gpuLayers);
            PromptMode promptMode = switch (mode.toLowerCase(Locale.ROOT)) {
                case "auto" -> PromptMode.AUTO;
                case "chat" -> PromptMode.CHAT;
                case "raw" -> PromptMode.RAW;
                default -> throw new IllegalArgumentException("--mode must be auto, chat or raw, not '" + mode + "'");
            };
            Target parsed = target.equals("auto") ? new Target("auto", "default") : Target.parse(target);
            if (continueRun != null) {
                return new RunSpec(parsed, followUp(HistoryCommand.Show.find(root, continueRun), promptMode), PromptMode.AUTO,
                        params).withMode(promptMode);
            }
            return RunSpec.prompt(parsed, system, prompt, promptMode, params);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), 2);
        }
    }
}

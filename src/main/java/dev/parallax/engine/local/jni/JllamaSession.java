package dev.parallax.engine.local.jni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import dev.parallax.core.ChatMessage;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.PromptMode;
import dev.parallax.engine.local.LoadSpec;
import dev.parallax.engine.local.StopStringFilter;
import dev.parallax.engine.local.VocabularyCoverage;
import dev.parallax.engine.local.WorkerCommands;
import dev.parallax.engine.local.WorkerLoop;
import dev.parallax.engine.local.WorkerOutput;
import dev.parallax.engine.local.WorkerProtocol;
import dev.parallax.engine.local.gguf.GgufException;
import dev.parallax.engine.local.gguf.GgufFile;
import dev.parallax.engine.local.gguf.GgufReader;

import java.util.ArrayList;
import java.util.List;

/** One model loaded through java-llama.cpp, inside the worker process. */
final class JllamaSession implements WorkerLoop.Session {

    static final String ENGINE = "java-llama.cpp";
    /** java-llama.cpp 4.2.0 bundles llama.cpp b4916 built for AVX2 (its only x86-64 CPU variant). */
    static final String BUILD = "b4916 (de.kherud:llama 4.2.0) cpu=avx2";

    private final LoadSpec load;
    private final LlamaModel model;
    private VocabularyCoverage coverage;

    private JllamaSession(LoadSpec load, LlamaModel model) {
        this.load = load;
        this.model = model;
    }

    static JllamaSession load(LoadSpec load) {
        ModelParameters params = new ModelParameters()
                .setModel(load.modelFile())
                .setCtxSize(load.contextSize())
                .setThreads(load.threads())
                .setThreadsBatch(load.threads())
                .setGpuLayers(load.gpuLayers())
                // llama-server's context shift would drop the middle of a prompt longer than the context, and old
                // tokens of a long answer, without a word: a run is refused or ends at the context instead, as on the
                // current engine.
                .disableContextShift()
                // The warm-up on the loading thread creates a second OpenMP team; generation then
                // loses 15-35% on small machines (measured on 2 cores).
                .skipWarmup();
        return new JllamaSession(load, new LlamaModel(params));
    }

    @Override
    public LoadSpec load() {
        return load;
    }

    @Override
    public void generate(long runId, JsonNode command, WorkerOutput out, WorkerCommands commands) {
        GenerationParams params = WorkerProtocol.paramsFromJson(command.path("params"), load);
        List<ChatMessage> messages = WorkerProtocol.messagesFromJson(command.path("messages"));
        PromptMode mode = PromptMode.valueOf(command.path("mode").asText(PromptMode.CHAT.name()));
        String prompt;
        try {
            prompt = mode == PromptMode.RAW ? messages.get(0).content() : render(messages);
        } catch (RuntimeException e) {
            out.failed(runId, "the model's chat template could not be applied: " + describe(e));
            return;
        }
        // java-llama.cpp's encode lets llama.cpp's std::out_of_range escape (SIGABRT) for a character the vocabulary
        // cannot write: ask the vocabulary first.
        List<String> unwritable = coverage().unwritable(prompt);
        if (!unwritable.isEmpty()) {
            out.failed(runId, VocabularyCoverage.refusal(unwritable));
            return;
        }
        // The context asked for is what a run may fill, as on the current engine: llama.cpp pads it (b4916 to a multiple
        // of 32, so 100 became 128), and a prompt of 101 to 127 tokens ran at --ctx 100.
        int promptTokens = estimatePromptTokens(prompt);
        if (promptTokens >= load.contextSize()) {
            out.failed(runId, WorkerProtocol.promptTooLong(promptTokens, load.contextSize()));
            return;
        }
        int budget = promptTokens > 0 ? Math.min(params.maxTokens(), load.contextSize() - promptTokens) : params.maxTokens();
        int outputs = 0;
        String stopReason = null;
        // Stop strings are applied here, as on the current engine, not by llama-server: at the token limit it dropped
        // the text it held back as a possible start of a stop string, and it does not say whether a stop string or
        // the limit ended the answer.
        StopStringFilter stops = new StopStringFilter(params.stop());
        try {
            LlamaIterator tokens = model.generate(inference(prompt, params, budget)).iterator();
            while (tokens.hasNext()) {
                LlamaOutput output = tokens.next();
                long now = System.nanoTime();
                if (!output.text.isEmpty()) {
                    outputs++;
                    String shown = stops.accept(output.text);
                    if (!shown.isEmpty()) {
                        out.token(runId, now, shown);
                    }
                }
                if (stops.stopped()) {
                    tokens.cancel();
                    stopReason = "stop";
                    break;
                }
                if (commands.isCancelled(runId)) {
                    // Always cancel: a dropped stream keeps both cores busy and blocks the next request.
                    tokens.cancel();
                    long at = System.nanoTime();
                    // Counted as the finished run's are: the prompt by the model's tokenizer, the answer by its pieces.
                    out.cancelled(runId, at, promptTokens, outputs, false);
                    return;
                }
            }
        } catch (RuntimeException e) {
            String why = describe(e);
            if (why.contains("exceeds the available context size")) {
                out.failed(runId, WorkerProtocol.promptTooLong(promptTokens, load.contextSize()));
                return;
            }
            if (why.contains("_Map_base::at")) {
                // std::out_of_range from llama.cpp's tokenizer that the vocabulary check did not foresee.
                out.failed(runId, "generation failed: llama.cpp's tokenizer could not read the prompt (" + why
                        + "); leave unusual characters out of it, or use another model");
                return;
            }
            if (!why.contains("context shift is disabled")) {
                out.failed(runId, "generation failed: " + why);
                return;
            }
            // The answer filled the context: it ends there, as it does on the current engine.
            stopReason = "context_full";
        }
        long end = System.nanoTime();
        String rest = stops.flush("");
        if (!rest.isEmpty()) {
            out.token(runId, end, rest);
        }
        ObjectNode done = WorkerProtocol.message(WorkerProtocol.DONE);
        done.put("id", runId).put("t", end).put("outputs", outputs);
        if (stopReason != null) {
            done.put("stopReason", stopReason);
        }
        if (stops.stopped()) {
            // llama-server logs its timings only for a task it finished itself, not for one cancelled at a stop string.
            done.put("engineLogTimings", false);
        }
        done.put("promptTokensEstimate", promptTokens);
        if (budget < params.maxTokens()) {
            // The parent knows from llama.cpp's own count whether the answer ran into the end of the context.
            done.put("contextBudget", budget);
        }
        out.send(done);
    }

    /** What the model's vocabulary can write: read from its GGUF header once, at the session's first run. */
    private VocabularyCoverage coverage() {
        if (coverage == null) {
            coverage = coverageOfFile();
        }
        return coverage;
    }

    /** From the GGUF header: java-llama.cpp does not expose the vocabulary. */
    private VocabularyCoverage coverageOfFile() {
        try {
            GgufFile file = GgufReader.read(java.nio.file.Path.of(load.modelFile()));
            if (!"llama".equals(file.string("tokenizer.ggml.model").orElse(""))) {
                return VocabularyCoverage.everything();
            }
            List<?> texts = file.value("tokenizer.ggml.tokens").map(v -> (List<?>) v).orElse(List.of());
            List<?> types = file.value("tokenizer.ggml.token_type").map(v -> (List<?>) v).orElse(List.of());
            return VocabularyCoverage.ofSentencePiece(new VocabularyCoverage.Tokens() {
                @Override
                public int size() {
                    return texts.size();
                }

                @Override
                public String text(int id) {
                    return String.valueOf(texts.get(id));
                }

                @Override
                public boolean special(int id) {
                    // GGUF token types: 2 unknown, 3 control, 4 user-defined.
                    long type = id < types.size() && types.get(id) instanceof Number n ? n.longValue() : 1;
                    return type == 2 || type == 3 || type == 4;
                }
            });
        } catch (GgufException | RuntimeException e) {
            return VocabularyCoverage.everything();
        }
    }

    private int estimatePromptTokens(String prompt) {
        try {
            return model.encode(prompt).length + 1;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private String render(List<ChatMessage> messages) {
        String system = null;
        List<Pair<String, String>> turns = new ArrayList<>();
        for (ChatMessage m : messages) {
            switch (m.role()) {
                case SYSTEM -> system = m.content();
                case USER -> turns.add(new Pair<>("user", m.content()));
                case ASSISTANT -> turns.add(new Pair<>("assistant", m.content()));
            }
        }
        return model.applyTemplate(new InferenceParameters("").setMessages(system, turns));
    }

    private static InferenceParameters inference(String prompt, GenerationParams p, int budget) {
        InferenceParameters ip = new InferenceParameters(prompt)
                .setNPredict(budget)
                .setTemperature((float) p.temperature())
                .setTopK(p.topK())
                .setTopP((float) p.topP())
                .setMinP((float) p.minP())
                .setRepeatPenalty((float) p.repeatPenalty())
                // Each run measures its own prompt processing, so no reuse of a previous run's cache.
                .setCachePrompt(false);
        if (p.seed() >= 0) {
            ip.setSeed((int) (p.seed() % Integer.MAX_VALUE));
        }
        return ip;
    }

    /** java-llama.cpp's LlamaException is package-private: describe any runtime failure plainly. */
    static String describe(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip();
    }
}

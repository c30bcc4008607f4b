package dev.parallax.engine.local.ffm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.core.ChatMessage;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.PromptMode;
import dev.parallax.engine.local.ChatTemplates;
import dev.parallax.engine.local.LoadSpec;
import dev.parallax.engine.local.OtherProcessesLoad;
import dev.parallax.engine.local.StopStringFilter;
import dev.parallax.engine.local.ThreadTuner;
import dev.parallax.engine.local.Utf8Accumulator;
import dev.parallax.engine.local.VocabularyCoverage;
import dev.parallax.engine.local.WorkerCommands;
import dev.parallax.engine.local.WorkerLoop;
import dev.parallax.engine.local.WorkerOutput;
import dev.parallax.engine.local.WorkerProtocol;
import dev.parallax.engine.local.current.LlamaAbi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * One model and its context, loaded through the FFM binding, with a persistent ggml threadpool
 * attached (creating threads on every decode stalls generation on small CPUs). Buffers are
 * allocated once per session, not per token.
 */
final class FfmSession implements WorkerLoop.Session {

    private static final int PIECE_BYTES = 256;
    /** The tokens the repeat penalty looks back on: llama.cpp's default, and java-llama.cpp's. */
    private static final int PENALTY_LAST_N = 64;

    private final LlamaNative llama;
    private final LoadSpec load;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment model;
    private final MemorySegment context;
    private final MemorySegment vocab;
    private final int nCtx;
    /**
     * The tokens a run may fill: the context asked for, not llama.cpp's rounded-up one (256 for 100 here, 128 on
     * java-llama.cpp), so one run spec gives the same kind of run on both engines.
     */
    private final int contextLimit;
    private final int nVocab;
    private final int nBatch;
    private final Optional<String> chatTemplate;
    private final VocabularyCoverage coverage;
    private final MemorySegment tokens;
    private final MemorySegment oneToken;
    private final MemorySegment piece;
    private final MemorySegment batch;
    private final MemorySegment abortCallback;
    private volatile java.util.function.BooleanSupplier cancelled = () -> false;
    /** Fewer threads while other programs hold the CPU (see ThreadTuner); null when tuning is turned off. */
    private final ThreadTuner tuner;
    private int threadsSet;
    private MemorySegment pool;
    private MethodHandle threadpoolNew;
    private MethodHandle threadpoolFree;
    /** Pools replaced since the last decode: the CPU backend may still hold one of them (see attachThreadpool). */
    private final List<MemorySegment> retiredPools = new ArrayList<>();
    private final byte[] pieceBytes = new byte[PIECE_BYTES];

    private FfmSession(LlamaNative llama, LoadSpec load) throws Throwable {
        this.llama = llama;
        this.load = load;
        MemorySegment modelParams = (MemorySegment) llama.modelDefaultParams.invoke((java.lang.foreign.SegmentAllocator) arena);
        modelParams.set(ValueLayout.JAVA_INT, LlamaAbi.MODEL_PARAMS.offset("n_gpu_layers"), load.gpuLayers());
        MemorySegment path = arena.allocateFrom(load.modelFile());
        model = (MemorySegment) llama.modelLoadFromFile.invoke(path, modelParams);
        if (model.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("llama.cpp could not load " + load.modelFile()
                    + " (unsupported architecture or damaged file: see the engine log)");
        }
        MemorySegment ctxParams = (MemorySegment) llama.contextDefaultParams.invoke((java.lang.foreign.SegmentAllocator) arena);
        nBatch = Math.min(load.contextSize(), 2048);
        ctxParams.set(ValueLayout.JAVA_INT, LlamaAbi.CONTEXT_PARAMS.offset("n_ctx"), load.contextSize());
        ctxParams.set(ValueLayout.JAVA_INT, LlamaAbi.CONTEXT_PARAMS.offset("n_batch"), nBatch);
        ctxParams.set(ValueLayout.JAVA_INT, LlamaAbi.CONTEXT_PARAMS.offset("n_threads"), load.threads());
        ctxParams.set(ValueLayout.JAVA_INT, LlamaAbi.CONTEXT_PARAMS.offset("n_threads_batch"), load.threads());
        ctxParams.set(ValueLayout.JAVA_BOOLEAN, LlamaAbi.CONTEXT_PARAMS.offset("no_perf"), false);
        context = (MemorySegment) llama.initFromModel.invoke(model, ctxParams);
        if (context.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("llama.cpp could not create a context of " + load.contextSize()
                    + " tokens (out of memory? try a smaller context)");
        }
        attachThreadpool(load.threads());
        tuner = "false".equals(System.getProperty("parallax.llama.tuneThreads")) ? null : new ThreadTuner(load.threads());
        vocab = (MemorySegment) llama.modelGetVocab.invoke(model);
        nCtx = (int) llama.nCtx.invoke(context);
        contextLimit = load.contextSize() > 0 ? Math.min(nCtx, load.contextSize()) : nCtx;
        nVocab = (int) llama.vocabNTokens.invoke(vocab);
        coverage = coverage();
        String template = LlamaNative.string(llama.modelChatTemplate.invoke(model, MemorySegment.NULL));
        chatTemplate = template.isEmpty() ? Optional.empty() : Optional.of(template);
        tokens = arena.allocate(JAVA_INT, nCtx);
        oneToken = arena.allocate(JAVA_INT);
        piece = arena.allocate(PIECE_BYTES);
        // One batch for the whole session: filled in place, as llama_batch_get_one would build it.
        batch = arena.allocate(LlamaNative.BATCH);
        abortCallback = llama.abortCallback(() -> cancelled.getAsBoolean());
    }

    static FfmSession load(LlamaNative llama, LoadSpec load) throws Throwable {
        return new FfmSession(llama, load);
    }

    @Override
    public LoadSpec load() {
        return load;
    }

    /**
     * Gives the context a threadpool of {@code threads} threads; the one it had is freed after the next decode. A
     * smaller pool, not a smaller share of the big one: the big pool's idle threads poll for work at every decode
     * and would keep a core busy, which is what fewer threads are meant to give back.
     *
     * <p>Not freed at once: ggml's CPU backend keeps the pool of the last decode and pauses it (locking its mutex)
     * when the next decode brings another one. A pool freed before that is a use after free, which aborted the
     * worker in a batch ("pthread_mutex_lock: Assertion `e != ESRCH || !robust' failed") when the memory had been
     * reused.
     */
    private void attachThreadpool(int threads) throws Throwable {
        if (threadpoolNew == null) {
            threadpoolNew = llama.cpuBackendFunction("ggml_threadpool_new", FunctionDescriptor.of(ADDRESS, ADDRESS));
            threadpoolFree = llama.cpuBackendFunction("ggml_threadpool_free", FunctionDescriptor.ofVoid(ADDRESS));
        }
        MemorySegment next;
        // ggml copies the parameters into the pool: they live for this call only (a pool is made at every switch).
        try (Arena call = Arena.ofConfined()) {
            MemorySegment params = (MemorySegment) llama.threadpoolParamsDefault.invoke((java.lang.foreign.SegmentAllocator) call, threads);
            String poll = System.getProperty("parallax.llama.poll");
            if (poll != null && !poll.isBlank()) {
                params.set(ValueLayout.JAVA_INT, LlamaAbi.THREADPOOL_PARAMS.offset("poll"), Integer.parseInt(poll));
            }
            next = (MemorySegment) threadpoolNew.invoke(params);
        }
        if (next.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("could not create a threadpool of " + threads + " threads");
        }
        llama.attachThreadpool.invoke(context, next, next);
        llama.setNThreads.invoke(context, threads, threads);
        MemorySegment previous = pool;
        pool = next;
        threadsSet = threads;
        if (previous != null) {
            retiredPools.add(previous);
        }
    }

    /** After a decode that ran on {@link #pool}: the backend has let go of every earlier pool. */
    private void freeRetiredPools() throws Throwable {
        while (!retiredPools.isEmpty()) {
            threadpoolFree.invoke(retiredPools.remove(retiredPools.size() - 1));
        }
    }

    private void useThreads(int threads) throws Throwable {
        if (threads != threadsSet) {
            attachThreadpool(threads);
        }
    }

    @Override
    public void generate(long runId, JsonNode command, WorkerOutput out, WorkerCommands commands) {
        GenerationParams params = WorkerProtocol.paramsFromJson(command.path("params"), load);
        List<ChatMessage> messages = WorkerProtocol.messagesFromJson(command.path("messages"));
        PromptMode mode = PromptMode.valueOf(command.path("mode").asText(PromptMode.CHAT.name()));
        MemorySegment sampler = MemorySegment.NULL;
        try {
            String prompt = mode == PromptMode.RAW ? messages.get(0).content() : render(messages);
            List<String> unwritable = coverage.unwritable(prompt);
            if (!unwritable.isEmpty()) {
                // llama.cpp's tokenizer would throw from inside its C API, and the process would abort.
                out.failed(runId, VocabularyCoverage.refusal(unwritable));
                return;
            }
            int promptTokens = tokenize(prompt);
            if (promptTokens >= contextLimit) {
                out.failed(runId, WorkerProtocol.promptTooLong(promptTokens, contextLimit));
                return;
            }
            int budget = Math.min(params.maxTokens(), contextLimit - promptTokens);
            sampler = sampler(params);
            // The repeat penalty counts the prompt's last tokens too, as llama-server (java-llama.cpp) and llama-cli
            // do: without them a greedy run on the two engines parted at the first repeat of a prompt token.
            for (int i = Math.max(0, promptTokens - PENALTY_LAST_N); i < promptTokens; i++) {
                llama.samplerAccept.invoke(sampler, tokens.getAtIndex(JAVA_INT, i));
            }
            // Forget the cells, keep their bytes: zeroing the whole KV cache (data = true) cost 1.3 ms at 2,048
            // tokens and 13-18 ms at 32,768 on a 135M model, and grows with the model (a 7B at 8k holds 1 GiB)
            // on every run's time to first token. Stale cells are masked out of attention; llama-server reuses
            // its slots the same way.
            llama.memoryClear.invoke((MemorySegment) llama.getMemory.invoke(context), false);
            llama.perfContextReset.invoke(context);
            // A long prompt can take seconds: let a cancel abort it inside llama_decode. The callback
            // is removed again for generation, where cancel is checked between tokens at no cost.
            cancelled = () -> commands.isCancelled(runId);
            llama.setAbortCallback.invoke(context, abortCallback, MemorySegment.NULL);
            long reducedBefore = tuner == null ? 0 : tuner.reducedTokens();
            java.util.Optional<OtherProcessesLoad.Sample> loadBefore = tuner == null ? java.util.Optional.empty()
                    : OtherProcessesLoad.sample();
            useThreads(tuner == null ? load.threads() : tuner.settled());
            try {
                for (int start = 0; start < promptTokens; start += nBatch) {
                    int n = Math.min(nBatch, promptTokens - start);
                    if (!decode(tokens.asSlice((long) start * Integer.BYTES), n) || commands.isCancelled(runId)) {
                        out.cancelled(runId, System.nanoTime(), promptTokens, 0, true);
                        return;
                    }
                }
            } finally {
                llama.setAbortCallback.invoke(context, MemorySegment.NULL, MemorySegment.NULL);
            }
            Utf8Accumulator utf8 = new Utf8Accumulator();
            StopStringFilter stops = new StopStringFilter(params.stop());
            int generated = 0;
            String stopReason = "max_tokens";
            while (generated < budget) {
                int token = (int) llama.samplerSample.invoke(sampler, context, -1);
                if ((boolean) llama.vocabIsEog.invoke(vocab, token)) {
                    stopReason = "stop";
                    break;
                }
                generated++;
                int len = (int) llama.tokenToPiece.invoke(vocab, token, piece, PIECE_BYTES, 0, false);
                long now = System.nanoTime();
                if (len > 0) {
                    MemorySegment.copy(piece, ValueLayout.JAVA_BYTE, 0, pieceBytes, 0, Math.min(len, PIECE_BYTES));
                    String text = stops.accept(utf8.accept(pieceBytes, Math.min(len, PIECE_BYTES)));
                    if (!text.isEmpty()) {
                        out.token(runId, now, text);
                    }
                    if (stops.stopped()) {
                        stopReason = "stop";
                        break;
                    }
                }
                if (commands.isCancelled(runId)) {
                    out.cancelled(runId, System.nanoTime(), promptTokens, generated, true);
                    return;
                }
                if (generated == budget) {
                    stopReason = budget < params.maxTokens() ? "context_full" : "max_tokens";
                    break;
                }
                oneToken.set(JAVA_INT, 0, token);
                if (tuner == null) {
                    decode(oneToken, 1);
                } else {
                    int threads = tuner.threads();
                    useThreads(threads);
                    long before = System.nanoTime();
                    decode(oneToken, 1);
                    tuner.tokenTook(threads, System.nanoTime() - before);
                }
            }
            String rest = stops.flush(utf8.flush());
            long end = System.nanoTime();
            if (!rest.isEmpty()) {
                out.token(runId, end, rest);
            }
            ObjectNode done = WorkerProtocol.message(WorkerProtocol.DONE);
            done.put("id", runId).put("t", end).put("outputs", generated).put("stopReason", stopReason);
            done.put("promptTokens", promptTokens).put("completionTokens", generated);
            MemorySegment perf = (MemorySegment) llama.perfContext.invoke((java.lang.foreign.SegmentAllocator) arena, context);
            ObjectNode engine = done.putObject("engineTimings");
            engine.put("promptTokens", perf.get(ValueLayout.JAVA_INT, LlamaAbi.PERF_CONTEXT_DATA.offset("n_p_eval")));
            engine.put("promptMs", perf.get(ValueLayout.JAVA_DOUBLE, LlamaAbi.PERF_CONTEXT_DATA.offset("t_p_eval_ms")));
            engine.put("generatedTokens", perf.get(ValueLayout.JAVA_INT, LlamaAbi.PERF_CONTEXT_DATA.offset("n_eval")));
            // llama.cpp's time for the generated tokens: decoding them and sampling them, as llama-server (and
            // java-llama.cpp, which is built on it) reports a generation rate.
            MemorySegment sampling = (MemorySegment) llama.perfSampler.invoke((java.lang.foreign.SegmentAllocator) arena, sampler);
            double sampleMs = sampling.get(ValueLayout.JAVA_DOUBLE, LlamaAbi.PERF_SAMPLER_DATA.offset("t_sample_ms"));
            engine.put("generationMs", perf.get(ValueLayout.JAVA_DOUBLE, LlamaAbi.PERF_CONTEXT_DATA.offset("t_eval_ms")) + sampleMs);
            engine.put("samplingMs", sampleMs);
            long reduced = tuner == null ? 0 : tuner.reducedTokens() - reducedBefore;
            done.put("threads", load.threads()).put("reducedThreadTokens", reduced);
            // Only for runs long enough to notice: a few tokens at any speed are over before anyone reads a notice.
            if (tuner != null && tuner.settled() < load.threads() && reduced > generated / 2
                    && generated >= ThreadTuner.NOTICE_MIN_TOKENS) {
                java.util.Optional<OtherProcessesLoad.Load> besides = loadBefore.flatMap(a -> OtherProcessesLoad.sample()
                        .flatMap(b -> OtherProcessesLoad.between(a, b)));
                done.put("notice", ThreadTuner.fewerThreadsNotice(tuner.settled(), load.threads(), reduced, generated,
                        besides));
            }
            out.send(done);
        } catch (Throwable t) {
            out.failed(runId, "generation failed: " + describe(t));
        } finally {
            if (!sampler.equals(MemorySegment.NULL)) {
                try {
                    llama.samplerFree.invoke(sampler);
                } catch (Throwable ignored) {
                    // Freeing a sampler cannot fail in a way the user could act on.
                }
            }
        }
    }

    /** Decodes {@code n} tokens; false when a cancel aborted it. */
    private boolean decode(MemorySegment tokenSlice, int n) throws Throwable {
        batch.fill((byte) 0);
        batch.set(JAVA_INT, LlamaAbi.BATCH.offset("n_tokens"), n);
        batch.set(ADDRESS, LlamaAbi.BATCH.offset("token"), tokenSlice);
        int rc = (int) llama.decode.invoke(context, batch);
        if (rc == 2) {
            return false;
        }
        if (rc != 0) {
            throw new IllegalStateException("llama_decode returned " + rc
                    + (rc == 1 ? " (no room in the context: raise the context size)" : ""));
        }
        freeRetiredPools();
        return true;
    }

    /** llama.h: LLAMA_VOCAB_TYPE_SPM. */
    private static final int VOCAB_SPM = 1;
    /** llama.h: LLAMA_TOKEN_ATTR_UNKNOWN, _CONTROL and _USER_DEFINED, the tokens llama_tokenize matches whole. */
    private static final int SPECIAL_ATTRS = 1 | (1 << 3) | (1 << 4);

    /** What this model's vocabulary can write: only a SentencePiece one without byte tokens is short of anything. */
    private VocabularyCoverage coverage() throws Throwable {
        if ((int) llama.vocabType.invoke(vocab) != VOCAB_SPM) {
            return VocabularyCoverage.everything();
        }
        return VocabularyCoverage.ofSentencePiece(new VocabularyCoverage.Tokens() {
            @Override
            public int size() {
                return nVocab;
            }

            @Override
            public String text(int id) {
                try {
                    return LlamaNative.string(llama.vocabGetText.invoke(vocab, id));
                } catch (Throwable t) {
                    throw new IllegalStateException("llama_vocab_get_text(" + id + ") failed: " + t, t);
                }
            }

            @Override
            public boolean special(int id) {
                try {
                    return ((int) llama.vocabGetAttr.invoke(vocab, id) & SPECIAL_ATTRS) != 0;
                } catch (Throwable t) {
                    throw new IllegalStateException("llama_vocab_get_attr(" + id + ") failed: " + t, t);
                }
            }
        });
    }

    private int tokenize(String text) throws Throwable {
        try (Arena call = Arena.ofConfined()) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            MemorySegment s = call.allocate(utf8.length + 1L);
            MemorySegment.copy(utf8, 0, s, ValueLayout.JAVA_BYTE, 0, utf8.length);
            int n = (int) llama.tokenize.invoke(vocab, s, utf8.length, tokens, nCtx, true, true);
            if (n < 0) {
                return -n;
            }
            return n;
        }
    }

    private MemorySegment sampler(GenerationParams p) throws Throwable {
        MemorySegment chainParams = (MemorySegment) llama.samplerChainDefaultParams.invoke((java.lang.foreign.SegmentAllocator) arena);
        // Timed: sampling is llama.cpp's work too, and its own generation time counts it (as llama-server's does).
        chainParams.set(ValueLayout.JAVA_BOOLEAN, LlamaAbi.SAMPLER_CHAIN_PARAMS.offset("no_perf"), false);
        MemorySegment chain = (MemorySegment) llama.samplerChainInit.invoke(chainParams);
        // top-k first: the penalty sampler is slow over a whole vocabulary (llama.h says so itself).
        if (p.topK() > 0) {
            add(chain, (MemorySegment) llama.samplerInitTopK.invoke(p.topK()));
        }
        if (p.repeatPenalty() != 1.0) {
            add(chain, (MemorySegment) llama.samplerInitPenalties.invoke(nVocab, PENALTY_LAST_N, (float) p.repeatPenalty(), 0f, 0f));
        }
        if (p.temperature() <= 0) {
            add(chain, (MemorySegment) llama.samplerInitGreedy.invoke());
            return chain;
        }
        if (p.topP() < 1.0) {
            add(chain, (MemorySegment) llama.samplerInitTopP.invoke((float) p.topP(), 1L));
        }
        if (p.minP() > 0) {
            add(chain, (MemorySegment) llama.samplerInitMinP.invoke((float) p.minP(), 1L));
        }
        add(chain, (MemorySegment) llama.samplerInitTemp.invoke((float) p.temperature()));
        // 0xFFFFFFFF asks llama.cpp for a random seed; user seeds stay below it.
        int seed = p.seed() < 0 ? -1 : (int) (p.seed() % 0xFFFFFFFFL);
        add(chain, (MemorySegment) llama.samplerInitDist.invoke(seed));
        return chain;
    }

    private void add(MemorySegment chain, MemorySegment sampler) throws Throwable {
        llama.samplerChainAdd.invoke(chain, sampler);
    }

    /** The model's own Jinja template (rendered in Java); llama.cpp's built-in templates as fallback. */
    private String render(List<ChatMessage> messages) throws Throwable {
        if (chatTemplate.isPresent()) {
            Optional<String> rendered = ChatTemplates.render(chatTemplate.get(), messages, "", "");
            if (rendered.isPresent()) {
                return rendered.get();
            }
        }
        return applyBuiltIn(chatTemplate.orElse("chatml"), messages);
    }

    private String applyBuiltIn(String template, List<ChatMessage> messages) throws Throwable {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment chat = call.allocate(LlamaAbi.CHAT_MESSAGE.size() * messages.size(), 8);
            for (int i = 0; i < messages.size(); i++) {
                ChatMessage m = messages.get(i);
                long base = i * LlamaAbi.CHAT_MESSAGE.size();
                chat.set(ADDRESS, base + LlamaAbi.CHAT_MESSAGE.offset("role"), call.allocateFrom(m.role().name().toLowerCase(java.util.Locale.ROOT)));
                chat.set(ADDRESS, base + LlamaAbi.CHAT_MESSAGE.offset("content"), call.allocateFrom(m.content()));
            }
            MemorySegment tmpl = call.allocateFrom(template);
            int size = 4096;
            for (int attempt = 0; attempt < 2; attempt++) {
                MemorySegment buf = call.allocate(size);
                int n = (int) llama.chatApplyTemplate.invoke(tmpl, chat, (long) messages.size(), true, buf, size);
                if (n < 0) {
                    throw new IllegalStateException("the model's chat template is not supported by llama.cpp's built-in templates");
                }
                if (n <= size) {
                    return new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
                }
                size = n;
            }
            throw new IllegalStateException("the chat template output kept growing");
        }
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
    }
}

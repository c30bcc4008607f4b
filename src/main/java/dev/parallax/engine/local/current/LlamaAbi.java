package dev.parallax.engine.local.current;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The C structs of the pinned llama.cpp (v0.5.0, ggml commit {@link #PINNED_COMMIT}) that the FFM
 * binding passes or receives by value, declared once. The binding builds its memory layouts from
 * this table; {@code LlamaAbiTest} compiles a C program against the bundle's own headers and checks
 * every size and offset here. Plain Java 17, so that test runs with the rest of the suite.
 */
public final class LlamaAbi {

    /** {@code ggml_commit()} of the libraries this table describes. Any other build is refused. */
    public static final String PINNED_COMMIT = "0ad4a86";
    public static final String PINNED_RELEASE = "v0.5.0";

    public enum Kind {
        BOOL(1), I32(4), F32(4), I64(8), F64(8), PTR(8), BYTES(1);

        private final int size;

        Kind(int size) {
            this.size = size;
        }

        public int size() {
            return size;
        }
    }

    /** One field: where it starts, what it holds, and how many (for arrays). */
    public record Field(String name, long offset, Kind kind, int count) {
        public long byteSize() {
            return (long) kind.size() * count;
        }
    }

    public record Struct(String name, long size, long alignment, List<Field> fields) {
        public Field field(String fieldName) {
            return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(name + " has no field " + fieldName));
        }

        public long offset(String fieldName) {
            return field(fieldName).offset();
        }
    }

    private static Field f(String name, long offset, Kind kind) {
        return new Field(name, offset, kind, 1);
    }

    public static final Struct MODEL_PARAMS = new Struct("llama_model_params", 80, 8, List.of(
            f("devices", 0, Kind.PTR),
            f("tensor_buft_overrides", 8, Kind.PTR),
            f("n_gpu_layers", 16, Kind.I32),
            f("split_mode", 20, Kind.I32),
            f("load_mode", 24, Kind.I32),
            f("lazy_mode", 28, Kind.I32),
            f("main_gpu", 32, Kind.I32),
            f("tensor_split", 40, Kind.PTR),
            f("progress_callback", 48, Kind.PTR),
            f("progress_callback_user_data", 56, Kind.PTR),
            f("kv_overrides", 64, Kind.PTR),
            f("vocab_only", 72, Kind.BOOL),
            f("check_tensors", 73, Kind.BOOL),
            f("use_extra_bufts", 74, Kind.BOOL),
            f("no_host", 75, Kind.BOOL),
            f("no_alloc", 76, Kind.BOOL),
            f("load_mtp", 77, Kind.BOOL)));

    public static final Struct CONTEXT_PARAMS = new Struct("llama_context_params", 160, 8, List.of(
            f("n_ctx", 0, Kind.I32),
            f("n_batch", 4, Kind.I32),
            f("n_ubatch", 8, Kind.I32),
            f("n_seq_max", 12, Kind.I32),
            f("n_rs_seq", 16, Kind.I32),
            f("n_outputs_max", 20, Kind.I32),
            f("n_outputs_max_per_seq", 24, Kind.I32),
            f("n_threads", 28, Kind.I32),
            f("n_threads_batch", 32, Kind.I32),
            f("ctx_type", 36, Kind.I32),
            f("rope_scaling_type", 40, Kind.I32),
            f("pooling_type", 44, Kind.I32),
            f("attention_type", 48, Kind.I32),
            f("flash_attn_type", 52, Kind.I32),
            f("rope_freq_base", 56, Kind.F32),
            f("rope_freq_scale", 60, Kind.F32),
            f("yarn_ext_factor", 64, Kind.F32),
            f("yarn_attn_factor", 68, Kind.F32),
            f("yarn_beta_fast", 72, Kind.F32),
            f("yarn_beta_slow", 76, Kind.F32),
            f("yarn_orig_ctx", 80, Kind.I32),
            f("defrag_thold", 84, Kind.F32),
            f("cb_eval", 88, Kind.PTR),
            f("cb_eval_user_data", 96, Kind.PTR),
            f("type_k", 104, Kind.I32),
            f("type_v", 108, Kind.I32),
            f("abort_callback", 112, Kind.PTR),
            f("abort_callback_data", 120, Kind.PTR),
            f("embeddings", 128, Kind.BOOL),
            f("offload_kqv", 129, Kind.BOOL),
            f("no_perf", 130, Kind.BOOL),
            f("op_offload", 131, Kind.BOOL),
            f("swa_full", 132, Kind.BOOL),
            f("kv_unified", 133, Kind.BOOL),
            f("samplers", 136, Kind.PTR),
            f("n_samplers", 144, Kind.I64),
            f("ctx_other", 152, Kind.PTR)));

    public static final Struct BATCH = new Struct("llama_batch", 56, 8, List.of(
            f("n_tokens", 0, Kind.I32),
            f("token", 8, Kind.PTR),
            f("embd", 16, Kind.PTR),
            f("pos", 24, Kind.PTR),
            f("n_seq_id", 32, Kind.PTR),
            f("seq_id", 40, Kind.PTR),
            f("logits", 48, Kind.PTR)));

    public static final Struct SAMPLER_CHAIN_PARAMS = new Struct("llama_sampler_chain_params", 1, 1, List.of(
            f("no_perf", 0, Kind.BOOL)));

    public static final Struct PERF_CONTEXT_DATA = new Struct("llama_perf_context_data", 48, 8, List.of(
            f("t_start_ms", 0, Kind.F64),
            f("t_load_ms", 8, Kind.F64),
            f("t_p_eval_ms", 16, Kind.F64),
            f("t_eval_ms", 24, Kind.F64),
            f("n_p_eval", 32, Kind.I32),
            f("n_eval", 36, Kind.I32),
            f("n_reused", 40, Kind.I32)));

    public static final Struct THREADPOOL_PARAMS = new Struct("ggml_threadpool_params", 528, 4, List.of(
            new Field("cpumask", 0, Kind.BYTES, 512),
            f("n_threads", 512, Kind.I32),
            f("prio", 516, Kind.I32),
            f("poll", 520, Kind.I32),
            f("strict_cpu", 524, Kind.BOOL),
            f("paused", 525, Kind.BOOL)));

    public static final Struct CHAT_MESSAGE = new Struct("llama_chat_message", 16, 8, List.of(
            f("role", 0, Kind.PTR),
            f("content", 8, Kind.PTR)));

    public static final Struct PERF_SAMPLER_DATA = new Struct("llama_perf_sampler_data", 16, 8, List.of(
            f("t_sample_ms", 0, Kind.F64),
            f("n_sample", 8, Kind.I32)));

    public static final List<Struct> ALL = List.of(MODEL_PARAMS, CONTEXT_PARAMS, BATCH, SAMPLER_CHAIN_PARAMS,
            PERF_CONTEXT_DATA, PERF_SAMPLER_DATA, THREADPOOL_PARAMS, CHAT_MESSAGE);

    public static Map<String, Struct> byName() {
        return ALL.stream().collect(Collectors.toMap(Struct::name, Function.identity()));
    }

    private LlamaAbi() {
    }

    /** The check a loaded library must pass before any model reaches it. */
    public static void requirePinnedCommit(String actual) throws IncompatibleLibraryException {
        requireCommit(actual, PINNED_COMMIT);
    }

    public static void requireCommit(String actual, String expected) throws IncompatibleLibraryException {
        String found = actual == null ? "" : actual.strip();
        if (!found.equals(expected)) {
            throw new IncompatibleLibraryException("the llama.cpp libraries are build " + (found.isEmpty() ? "(unknown)" : found)
                    + ", but Parallax is built for " + expected + " (" + PINNED_RELEASE
                    + "); their structs may differ, so they are not used. Rebuild Parallax to fetch the pinned libraries.");
        }
    }

    /** A native library that is not the build this binding was written for. */
    public static final class IncompatibleLibraryException extends Exception {
        public IncompatibleLibraryException(String message) {
            super(message);
        }
    }
}

package dev.parallax.engine.local.ffm;

import dev.parallax.engine.local.current.LlamaAbi;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The small part of llama.cpp's C API that Parallax calls, bound with the Foreign Function & Memory
 * API. Struct layouts come from {@link LlamaAbi}; the library must be the pinned build.
 */
final class LlamaNative {

    static final AddressLayout C_STRING = ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE, ValueLayout.JAVA_BYTE));

    static final MemoryLayout MODEL_PARAMS = layout(LlamaAbi.MODEL_PARAMS);
    static final MemoryLayout CONTEXT_PARAMS = layout(LlamaAbi.CONTEXT_PARAMS);
    static final MemoryLayout BATCH = layout(LlamaAbi.BATCH);
    static final MemoryLayout SAMPLER_CHAIN_PARAMS = layout(LlamaAbi.SAMPLER_CHAIN_PARAMS);
    static final MemoryLayout PERF_CONTEXT_DATA = layout(LlamaAbi.PERF_CONTEXT_DATA);
    static final MemoryLayout PERF_SAMPLER_DATA = layout(LlamaAbi.PERF_SAMPLER_DATA);
    static final MemoryLayout THREADPOOL_PARAMS = layout(LlamaAbi.THREADPOOL_PARAMS);

    private final Linker linker = Linker.nativeLinker();
    private final SymbolLookup lookup;
    private final Arena arena = Arena.ofAuto();
    final Path libraryDir;

    final MethodHandle ggmlCommit;
    final MethodHandle ggmlVersion;
    final MethodHandle backendLoadAllFromPath;
    final MethodHandle backendRegByName;
    final MethodHandle backendRegGetProcAddress;
    final MethodHandle threadpoolParamsDefault;
    final MethodHandle setNThreads;
    final MethodHandle llamaBackendInit;
    final MethodHandle llamaLogSet;
    final MethodHandle modelDefaultParams;
    final MethodHandle contextDefaultParams;
    final MethodHandle samplerChainDefaultParams;
    final MethodHandle modelLoadFromFile;
    final MethodHandle modelFree;
    final MethodHandle initFromModel;
    final MethodHandle free;
    final MethodHandle attachThreadpool;
    final MethodHandle modelGetVocab;
    final MethodHandle modelChatTemplate;
    final MethodHandle vocabNTokens;
    final MethodHandle vocabType;
    final MethodHandle vocabGetText;
    final MethodHandle vocabGetAttr;
    final MethodHandle nCtx;
    final MethodHandle tokenize;
    final MethodHandle tokenToPiece;
    final MethodHandle vocabIsEog;
    final MethodHandle vocabGetAddBos;
    final MethodHandle batchGetOne;
    final MethodHandle decode;
    final MethodHandle getMemory;
    final MethodHandle memoryClear;
    final MethodHandle samplerChainInit;
    final MethodHandle samplerChainAdd;
    final MethodHandle samplerInitGreedy;
    final MethodHandle samplerInitDist;
    final MethodHandle samplerInitTopK;
    final MethodHandle samplerInitTopP;
    final MethodHandle samplerInitMinP;
    final MethodHandle samplerInitTemp;
    final MethodHandle samplerInitPenalties;
    final MethodHandle samplerSample;
    final MethodHandle samplerAccept;
    final MethodHandle samplerFree;
    final MethodHandle chatApplyTemplate;
    final MethodHandle perfContext;
    final MethodHandle perfContextReset;
    final MethodHandle perfSampler;
    final MethodHandle printSystemInfo;
    final MethodHandle setAbortCallback;

    private LlamaNative(Path dir) {
        this.libraryDir = dir;
        List<SymbolLookup> libs = new ArrayList<>();
        for (String name : new String[] {"libggml-base", "libggml", "libllama"}) {
            libs.add(SymbolLookup.libraryLookup(find(dir, name), arena));
        }
        this.lookup = name -> libs.stream().map(l -> l.find(name)).flatMap(Optional::stream).findFirst();

        ggmlCommit = fn("ggml_commit", FunctionDescriptor.of(C_STRING));
        ggmlVersion = fn("ggml_version", FunctionDescriptor.of(C_STRING));
        backendLoadAllFromPath = fn("ggml_backend_load_all_from_path", FunctionDescriptor.ofVoid(ADDRESS));
        backendRegByName = fn("ggml_backend_reg_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS));
        backendRegGetProcAddress = fn("ggml_backend_reg_get_proc_address", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        threadpoolParamsDefault = fn("ggml_threadpool_params_default", FunctionDescriptor.of(THREADPOOL_PARAMS, JAVA_INT));
        llamaBackendInit = fn("llama_backend_init", FunctionDescriptor.ofVoid());
        llamaLogSet = fn("llama_log_set", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        modelDefaultParams = fn("llama_model_default_params", FunctionDescriptor.of(MODEL_PARAMS));
        contextDefaultParams = fn("llama_context_default_params", FunctionDescriptor.of(CONTEXT_PARAMS));
        samplerChainDefaultParams = fn("llama_sampler_chain_default_params", FunctionDescriptor.of(SAMPLER_CHAIN_PARAMS));
        modelLoadFromFile = fn("llama_model_load_from_file", FunctionDescriptor.of(ADDRESS, ADDRESS, MODEL_PARAMS));
        modelFree = fn("llama_model_free", FunctionDescriptor.ofVoid(ADDRESS));
        initFromModel = fn("llama_init_from_model", FunctionDescriptor.of(ADDRESS, ADDRESS, CONTEXT_PARAMS));
        free = fn("llama_free", FunctionDescriptor.ofVoid(ADDRESS));
        attachThreadpool = fn("llama_attach_threadpool", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
        setNThreads = fn("llama_set_n_threads", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_INT));
        modelGetVocab = fn("llama_model_get_vocab", FunctionDescriptor.of(ADDRESS, ADDRESS));
        modelChatTemplate = fn("llama_model_chat_template", FunctionDescriptor.of(C_STRING, ADDRESS, ADDRESS));
        vocabNTokens = fn("llama_vocab_n_tokens", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        vocabType = fn("llama_vocab_type", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        vocabGetText = fn("llama_vocab_get_text", FunctionDescriptor.of(C_STRING, ADDRESS, JAVA_INT));
        vocabGetAttr = fn("llama_vocab_get_attr", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        nCtx = fn("llama_n_ctx", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        tokenize = fn("llama_tokenize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_BOOLEAN, JAVA_BOOLEAN));
        tokenToPiece = fn("llama_token_to_piece", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_BOOLEAN));
        vocabIsEog = fn("llama_vocab_is_eog", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT));
        vocabGetAddBos = fn("llama_vocab_get_add_bos", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
        batchGetOne = fn("llama_batch_get_one", FunctionDescriptor.of(BATCH, ADDRESS, JAVA_INT));
        decode = fn("llama_decode", FunctionDescriptor.of(JAVA_INT, ADDRESS, BATCH));
        getMemory = fn("llama_get_memory", FunctionDescriptor.of(ADDRESS, ADDRESS));
        memoryClear = fn("llama_memory_clear", FunctionDescriptor.ofVoid(ADDRESS, JAVA_BOOLEAN));
        samplerChainInit = fn("llama_sampler_chain_init", FunctionDescriptor.of(ADDRESS, SAMPLER_CHAIN_PARAMS));
        samplerChainAdd = fn("llama_sampler_chain_add", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        samplerInitGreedy = fn("llama_sampler_init_greedy", FunctionDescriptor.of(ADDRESS));
        samplerInitDist = fn("llama_sampler_init_dist", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        samplerInitTopK = fn("llama_sampler_init_top_k", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        samplerInitTopP = fn("llama_sampler_init_top_p", FunctionDescriptor.of(ADDRESS, JAVA_FLOAT, JAVA_LONG));
        samplerInitMinP = fn("llama_sampler_init_min_p", FunctionDescriptor.of(ADDRESS, JAVA_FLOAT, JAVA_LONG));
        samplerInitTemp = fn("llama_sampler_init_temp", FunctionDescriptor.of(ADDRESS, JAVA_FLOAT));
        samplerInitPenalties = fn("llama_sampler_init_penalties", FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, JAVA_FLOAT, JAVA_FLOAT, JAVA_FLOAT));
        samplerSample = fn("llama_sampler_sample", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        samplerAccept = fn("llama_sampler_accept", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        samplerFree = fn("llama_sampler_free", FunctionDescriptor.ofVoid(ADDRESS));
        chatApplyTemplate = fn("llama_chat_apply_template", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_BOOLEAN, ADDRESS, JAVA_INT));
        perfContext = fn("llama_perf_context", FunctionDescriptor.of(PERF_CONTEXT_DATA, ADDRESS));
        perfContextReset = fn("llama_perf_context_reset", FunctionDescriptor.ofVoid(ADDRESS));
        perfSampler = fn("llama_perf_sampler", FunctionDescriptor.of(PERF_SAMPLER_DATA, ADDRESS));
        printSystemInfo = fn("llama_print_system_info", FunctionDescriptor.of(C_STRING));
        setAbortCallback = fn("llama_set_abort_callback", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
    }

    /** Binds the libraries in {@code dir} after checking they are the pinned build. */
    static LlamaNative load(Path dir) throws LlamaAbi.IncompatibleLibraryException {
        LlamaNative n = new LlamaNative(dir);
        // A test can pin another commit to prove that a mismatch is refused.
        LlamaAbi.requireCommit(n.commit(), System.getProperty("parallax.llama.pinnedCommit", LlamaAbi.PINNED_COMMIT));
        return n;
    }

    String commit() {
        return string(invoke(ggmlCommit));
    }

    String version() {
        return string(invoke(ggmlVersion));
    }

    /** ggml_threadpool_new/free live in the CPU backend, which is loaded at run time: look them up there. */
    MethodHandle cpuBackendFunction(String name, FunctionDescriptor descriptor) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment reg = (MemorySegment) backendRegByName.invokeExact(a.allocateFrom("CPU"));
            if (reg.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("no CPU backend was loaded from " + libraryDir);
            }
            MemorySegment address = (MemorySegment) backendRegGetProcAddress.invokeExact(reg, a.allocateFrom(name));
            if (address.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("the CPU backend has no " + name);
            }
            return linker.downcallHandle(address, descriptor);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Routes llama.cpp's log through {@code sink} (level, text). The stub lives as long as the process. */
    void setLogger(BiConsumer<Integer, String> sink) {
        try {
            MethodHandle target = MethodHandles.lookup().findStatic(LlamaNative.class, "log",
                    MethodType.methodType(void.class, BiConsumer.class, int.class, MemorySegment.class, MemorySegment.class));
            MethodHandle bound = MethodHandles.insertArguments(target, 0, sink);
            MemorySegment stub = linker.upcallStub(bound, FunctionDescriptor.ofVoid(JAVA_INT, C_STRING, ADDRESS), Arena.global());
            llamaLogSet.invokeExact(stub, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot route llama.cpp's log", t);
        }
    }

    /** A C callback {@code bool (*)(void *)} that asks {@code abort}; lives as long as the process. */
    MemorySegment abortCallback(java.util.function.BooleanSupplier abort) {
        try {
            MethodHandle target = MethodHandles.lookup().findStatic(LlamaNative.class, "shouldAbort",
                    MethodType.methodType(boolean.class, java.util.function.BooleanSupplier.class, MemorySegment.class));
            return linker.upcallStub(MethodHandles.insertArguments(target, 0, abort),
                    FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the abort callback", e);
        }
    }

    @SuppressWarnings("unused")
    private static boolean shouldAbort(java.util.function.BooleanSupplier abort, MemorySegment data) {
        try {
            return abort.getAsBoolean();
        } catch (Throwable t) {
            return false;
        }
    }

    @SuppressWarnings("unused")
    private static void log(BiConsumer<Integer, String> sink, int level, MemorySegment text, MemorySegment userData) {
        try {
            sink.accept(level, text.equals(MemorySegment.NULL) ? "" : text.getString(0));
        } catch (Throwable t) {
            // An exception must never unwind into native code.
        }
    }

    static String string(Object segment) {
        MemorySegment s = (MemorySegment) segment;
        return s.equals(MemorySegment.NULL) ? "" : s.getString(0);
    }

    private Object invoke(MethodHandle h) {
        try {
            return h.invoke();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private MethodHandle fn(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new IllegalStateException("llama.cpp library in " + libraryDir + " has no function " + name));
        return linker.downcallHandle(symbol, descriptor);
    }

    private static Path find(Path dir, String stem) {
        try (var files = Files.list(dir)) {
            return files.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.equals(stem + ".so") || n.startsWith(stem + ".v") && n.endsWith(".so")
                                || n.equals(stem + ".dylib") || n.startsWith(stem + ".") && n.endsWith(".dylib")
                                || n.equals(stem.replaceFirst("^lib", "") + ".dll");
                    })
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + stem + " library in " + dir));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A struct layout from the ABI table, with the padding the C compiler puts in. */
    static MemoryLayout layout(LlamaAbi.Struct s) {
        List<MemoryLayout> members = new ArrayList<>();
        long at = 0;
        int pad = 0;
        for (LlamaAbi.Field f : s.fields()) {
            if (f.offset() > at) {
                members.add(MemoryLayout.paddingLayout(f.offset() - at));
                pad++;
            }
            MemoryLayout m = switch (f.kind()) {
                case BOOL -> JAVA_BOOLEAN;
                case I32 -> JAVA_INT;
                case F32 -> JAVA_FLOAT;
                case I64 -> JAVA_LONG;
                case F64 -> ValueLayout.JAVA_DOUBLE;
                case PTR -> ADDRESS;
                case BYTES -> MemoryLayout.sequenceLayout(f.count(), ValueLayout.JAVA_BYTE);
            };
            members.add(m.withName(f.name()));
            at = f.offset() + f.byteSize();
        }
        if (s.size() > at) {
            members.add(MemoryLayout.paddingLayout(s.size() - at));
        }
        MemoryLayout struct = MemoryLayout.structLayout(members.toArray(MemoryLayout[]::new)).withName(s.name());
        if (struct.byteSize() != s.size()) {
            throw new IllegalStateException("layout of " + s.name() + " is " + struct.byteSize() + " bytes, the ABI says " + s.size());
        }
        return struct;
    }
}

package dev.parallax.models.hub;

import dev.parallax.models.Compatibility;
import dev.parallax.models.FitCheck;
import dev.parallax.models.QuantizationSize;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a person narrows a model search to, in Discover and {@code parallax models search} alike: models that
 * fit this machine's memory at a context length, one quantization, architectures a local engine here runs.
 * A filter hides only what is known to fail it; what is not known yet (a repository whose files the Hub did
 * not list) stays, marked as not known.
 *
 * @param quantization a label such as "Q4_K_M"; empty for any
 * @param context      the context length, in tokens, the memory estimate is made for
 */
public record SearchFilter(boolean fitsOnly, Optional<String> quantization, boolean supportedOnly, long context) {

    /** Why a search hit or a file is hidden. */
    public enum Reason {
        /** Needs more memory than this machine has at the chosen context. */
        TOO_LARGE,
        /** Not offered in the chosen quantization. */
        LACKS_QUANTIZATION,
        /** No local engine here runs its architecture (or its tensor types). */
        NOT_SUPPORTED
    }

    public SearchFilter {
        Objects.requireNonNull(quantization, "quantization");
        quantization = quantization.map(String::strip).filter(q -> !q.isEmpty()).map(q -> q.toUpperCase(Locale.ROOT));
        if (context <= 0) {
            throw new IllegalArgumentException("the context must be at least 1 token, not " + context);
        }
    }

    /** Nothing hidden; fit estimates at {@code context} tokens. */
    public static SearchFilter none(long context) {
        return new SearchFilter(false, Optional.empty(), false, context);
    }

    public boolean active() {
        return fitsOnly || quantization.isPresent() || supportedOnly;
    }

    /** Whether a file's quantization is the one asked for; true when any is. */
    public boolean acceptsQuantization(Optional<String> label) {
        return quantization.isEmpty() || label.map(l -> QuantizationSize.same(l, quantization.get())).orElse(false);
    }

    /**
     * Why this filter hides one of an opened repository's models, judged from its header: a file named without
     * a quantization fails a quantization filter; a fit or an engine not known yet hides nothing.
     */
    public Set<Reason> rejects(ModelDiscovery.FileOption file) {
        return rejects(file.model().quantization(), file.fit(), file.compatibility());
    }

    /** {@link #rejects(ModelDiscovery.FileOption)} from a file's quantization label, fit and engine verdict. */
    public Set<Reason> rejects(Optional<String> label, Optional<FitCheck.Result> fit, Compatibility compatibility) {
        Set<Reason> reasons = EnumSet.noneOf(Reason.class);
        if (!acceptsQuantization(label)) {
            reasons.add(Reason.LACKS_QUANTIZATION);
        }
        if (fitsOnly && fit.map(f -> f.verdict() == FitCheck.Verdict.WONT_FIT).orElse(false)) {
            reasons.add(Reason.TOO_LARGE);
        }
        Compatibility.Verdict v = compatibility.verdict();
        if (supportedOnly && (v == Compatibility.Verdict.NEEDS_NEWER_ENGINE || v == Compatibility.Verdict.UNSUPPORTED)) {
            reasons.add(Reason.NOT_SUPPORTED);
        }
        return reasons;
    }

    /** "too large at 4,096 tokens", "without Q5_K_M", "need a newer llama.cpp": for "3 hidden: …". */
    public String describe(Reason reason) {
        return switch (reason) {
            case TOO_LARGE -> String.format(Locale.ROOT, "too large at %,d tokens", context);
            case LACKS_QUANTIZATION -> "without " + quantization.orElse("that quantization");
            case NOT_SUPPORTED -> "not run by a local engine here";
        };
    }
}

package dev.parallax.route;

import dev.parallax.engine.cloud.ProviderRegistry;

/** Finds the engine for a provider name, or says why a run cannot go there. */
@FunctionalInterface
public interface CloudRouter {

    CloudRoute route(String provider) throws RunRejectedException;

    /** No cloud providers at all. */
    static CloudRouter none() {
        return provider -> {
            throw new RunRejectedException("unknown provider '" + provider
                    + "': this Parallax runs local GGUF models only, written local:NAME or local:/path/to/model.gguf");
        };
    }

    /** The providers of a registry: unknown names, missing keys and missing endpoints are refused up front. */
    static CloudRouter of(ProviderRegistry providers) {
        return name -> {
            var provider = providers.find(name).orElseThrow(() -> new RunRejectedException(providers.unknown(name)));
            var problem = providers.problem(provider);
            if (problem.isPresent()) {
                throw new RunRejectedException(problem.get());
            }
            var engine = providers.engine(provider.name()).orElseThrow(() -> new RunRejectedException(providers.unknown(name)));
            engine.prepare();
            return new CloudRoute(engine, provider.onThisMachine());
        };
    }
}

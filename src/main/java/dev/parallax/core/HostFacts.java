package dev.parallax.core;

/** The machine a run happened on, stored with every run so results from different machines stay apart. */
public record HostFacts(String cpuModel, int cores, long ramBytes, String os, String parallaxVersion) {

    public HostFacts {
        cpuModel = cpuModel == null ? "" : cpuModel;
        os = os == null ? "" : os;
        parallaxVersion = parallaxVersion == null ? "" : parallaxVersion;
    }
}

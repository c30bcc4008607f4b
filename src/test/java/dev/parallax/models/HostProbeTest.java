package dev.parallax.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import dev.parallax.core.HostFacts;

class HostProbeTest {

    @Test
    void detectsThisMachine() {
        HostFacts host = HostProbe.detect("9.9.9");
        assertEquals(Runtime.getRuntime().availableProcessors(), host.cores());
        assertFalse(host.cpuModel().isBlank());
        assertTrue(host.os().startsWith(System.getProperty("os.name")), host.os());
        assertEquals("9.9.9", host.parallaxVersion());
        assertTrue(host.ramBytes() > 64L * 1024 * 1024, "RAM " + host.ramBytes());
        long available = HostProbe.availableMemoryBytes();
        assertTrue(available > 0 && available <= host.ramBytes(), available + " of " + host.ramBytes());
    }

    @Test
    void readsTheCpuModelOfX86Cpuinfo() {
        List<String> cpuinfo = List.of("processor\t: 0", "vendor_id\t: AuthenticAMD",
                "model name\t: AMD EPYC 7B13   64-Core Processor", "processor\t: 1",
                "model name\t: AMD EPYC 7B13 64-Core Processor");
        assertEquals(Optional.of("AMD EPYC 7B13 64-Core Processor"), HostProbe.cpuModel(cpuinfo));
    }

    @Test
    void anArmCpuinfoWithoutModelNameGivesNothing() {
        assertEquals(Optional.empty(), HostProbe.cpuModel(List.of("processor\t: 0", "BogoMIPS\t: 48.00",
                "CPU implementer\t: 0x41", "CPU part\t: 0xd0c")));
    }

    @Test
    void readsMeminfoFieldsInBytes() {
        List<String> meminfo = List.of("MemTotal:       16318412 kB", "MemFree:          601232 kB",
                "MemAvailable:    9876543 kB", "HugePages_Total:       0");
        assertEquals(OptionalLong.of(16318412L * 1024), HostProbe.meminfoBytes(meminfo, "MemTotal"));
        assertEquals(OptionalLong.of(9876543L * 1024), HostProbe.meminfoBytes(meminfo, "MemAvailable"));
        assertEquals(OptionalLong.of(0), HostProbe.meminfoBytes(meminfo, "HugePages_Total"));
        assertEquals(OptionalLong.empty(), HostProbe.meminfoBytes(meminfo, "SwapTotal"));
        assertEquals(OptionalLong.empty(), HostProbe.meminfoBytes(List.of("MemTotal: lots kB"), "MemTotal"));
    }
}

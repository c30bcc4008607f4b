package dev.parallax.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ParallaxLaunchTest {

    @Test
    void noArgumentsOrOnlyAHomeOpenTheWindow() {
        assertEquals(Optional.of(Optional.empty()), Parallax.desktopHome(new String[0]));
        assertEquals(Optional.of(Optional.of(Path.of("/tmp/work"))), Parallax.desktopHome(new String[] {"--home", "/tmp/work"}));
        assertEquals(Optional.of(Optional.of(Path.of("/tmp/work"))), Parallax.desktopHome(new String[] {"--home=/tmp/work"}));
    }

    @Test
    void aCommandOrAnythingElseGoesToTheCommandLine() {
        assertEquals(Optional.empty(), Parallax.desktopHome(new String[] {"--home", "/tmp/work", "history"}));
        assertEquals(Optional.empty(), Parallax.desktopHome(new String[] {"history"}));
        assertEquals(Optional.empty(), Parallax.desktopHome(new String[] {"--home"}));
        assertEquals(Optional.empty(), Parallax.desktopHome(new String[] {"--home", "--help"}));
        assertEquals(Optional.empty(), Parallax.desktopHome(new String[] {"--help"}));
        assertEquals(Optional.empty(), Parallax.desktopHome(new String[] {"--home="}));
    }
}

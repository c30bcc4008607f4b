package dev.parallax.ui.base;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** When a new window is given its size back: only when a window manager left it at its minimum. */
class OpeningSizeTest {

    @Test
    void aWindowLeftAtItsMinimumGetsTheSizeItAskedFor() {
        // openbox: a 1280x800 window opened at 960x600 on a 1400x900 screen.
        assertArrayEquals(new double[] {1280, 800}, OpeningSize.restoreTo(960, 600, 960, 600, 1280, 800, 1400, 900));
    }

    @Test
    void noMoreThanTheScreenHolds() {
        assertArrayEquals(new double[] {1024, 740}, OpeningSize.restoreTo(960, 600, 960, 600, 1280, 800, 1024, 740));
        assertNull(OpeningSize.restoreTo(960, 600, 960, 600, 1280, 800, 960, 600), "a screen no larger than the minimum");
    }

    @Test
    void aSizeTheWindowManagerChoseOnPurposeStands() {
        assertNull(OpeningSize.restoreTo(1280, 800, 960, 600, 1280, 800, 1400, 900), "opened as asked");
        assertNull(OpeningSize.restoreTo(1100, 700, 960, 600, 1280, 800, 1400, 900), "a tiling manager's tile");
        assertNull(OpeningSize.restoreTo(1700, 1000, 960, 600, 1280, 800, 1920, 1080), "larger than asked");
    }
}

package dev.parallax.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RightToLeftTextTest {

    @Test
    void arabicLettersJoin() {
        // مرحبا: meem initial, reh final, hah initial (reh does not join forward), beh medial, alef final.
        assertEquals("\ufee3\ufeae\ufea3\ufe92\ufe8e", RightToLeftText.shape("مرحبا"));
        // سلام: seen initial, lam-alef as its final ligature, meem isolated (alef does not join forward).
        assertEquals("\ufeb3\ufefc\ufee1", RightToLeftText.shape("سلام"));
        assertEquals("\ufefb", RightToLeftText.shape("لا"), "lam-alef alone");
        // A haraka between two letters does not break their join.
        assertEquals("\ufe91\u064e\ufe8e", RightToLeftText.shape("بَا"));
        assertEquals("Paris, Привет", RightToLeftText.shape("Paris, Привет"));
    }

    @Test
    void rightToLeftRunsAreDrawnInVisualOrder() {
        assertEquals("Hello", RightToLeftText.visual("Hello"));
        assertEquals("םולש", RightToLeftText.visual("שלום"));
        assertEquals("Prompt: םלוע םולש and $5", RightToLeftText.visual("Prompt: שלום עולם and $5"));
        assertEquals("Echo: \ufe8e\ufe92\ufea3\ufeae\ufee3", RightToLeftText.visual("Echo: " + RightToLeftText.shape("مرحبا")));
        // Marks stay after their letter; brackets inside a right-to-left run are mirrored.
        assertEquals("\ufe8e\ufe91\u064e", RightToLeftText.visual("\ufe91\u064e\ufe8e"));
        assertEquals("(םולש)", RightToLeftText.visual("(שלום)"));
    }
}

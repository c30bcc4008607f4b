package dev.parallax.engine.local;

import dev.parallax.core.ChatMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pieces between sampled tokens and the text a user sees. */
class TextStreamingTest {

    @Test
    void multiByteCharactersSplitAcrossTokensComeOutWhole() {
        byte[] emoji = "a🙂b".getBytes(StandardCharsets.UTF_8);
        Utf8Accumulator utf8 = new Utf8Accumulator();
        StringBuilder out = new StringBuilder();
        for (byte b : emoji) {
            String piece = utf8.accept(new byte[] {b}, 1);
            assertTrue(!piece.contains("\uFFFD"), "no replacement characters mid-stream");
            out.append(piece);
        }
        out.append(utf8.flush());
        assertEquals("a🙂b", out.toString());
        byte[] cjk = "日本".getBytes(StandardCharsets.UTF_8);
        assertEquals("", utf8.accept(Arrays.copyOf(cjk, 2), 2));
        assertEquals("日本", utf8.accept(Arrays.copyOfRange(cjk, 2, 6), 4));
    }

    @Test
    void stopStringsAreHeldBackAndCutAcrossPieces() {
        StopStringFilter f = new StopStringFilter(List.of("\nUser:", "###"));
        StringBuilder shown = new StringBuilder();
        for (String piece : List.of("Hello", " there", "\nUs", "er", ":", " more")) {
            shown.append(f.accept(piece));
            if (f.stopped()) {
                break;
            }
        }
        assertTrue(f.stopped());
        assertEquals("Hello there", shown.toString());
    }

    @Test
    void heldTextThatNeverBecomesAStopIsShownAtTheEnd() {
        StopStringFilter f = new StopStringFilter(List.of("###"));
        assertEquals("a", f.accept("a#"));
        assertEquals("", f.accept("#"));
        assertEquals("##b", f.flush("b"), "'##' never became '###', so it is shown");
    }

    @Test
    void tokenLinesSurviveTheProtocolWhateverTheyHold() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        WorkerOutput out = new WorkerOutput(new java.io.PrintStream(bytes, false, StandardCharsets.UTF_8));
        String tricky = "quote\" back\\ nl\n tab\t ctl\u0001 emoji🙂 sep\u2028 日本";
        out.token(7, 123456789L, tricky);
        String line = bytes.toString(StandardCharsets.UTF_8).strip();
        var message = WorkerProtocol.decodeWorkerLine(line).orElseThrow();
        assertEquals("token", message.get("type").asText());
        assertEquals(7, message.get("id").asLong());
        assertEquals(123456789L, message.get("t").asLong());
        assertEquals(tricky, message.get("text").asText());
    }

    @Test
    void aModelsJinjaTemplateRenders() {
        String chatml = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
        String out = ChatTemplates.render(chatml, List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi")), "", "").orElseThrow();
        assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", out);
    }

    @Test
    void aTemplateThatCannotRenderFallsBack() {
        assertTrue(ChatTemplates.render("{{ raise_exception('no system role') }}", List.of(ChatMessage.user("x")), "", "").isEmpty());
        assertTrue(ChatTemplates.render("{% for %}", List.of(ChatMessage.user("x")), "", "").isEmpty());
    }
}

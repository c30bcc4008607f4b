package dev.parallax.secrets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SecretTest {

    @Test
    void printsAsAMaskAndRevealsOnlyOnRequest() {
        Secret s = Secret.of("  sk-test-abcdefghijklmnop\n");
        assertEquals("sk-test-abcdefghijklmnop", s.reveal());
        assertFalse(s.toString().contains("abcdefghijklmnop"));
        assertFalse(String.valueOf(java.util.List.of(s)).contains("sk-test"));
    }

    @Test
    void redactsPlainAndUrlEncodedCopies() {
        Secret s = Secret.of("k+y/with=chars");
        String text = "bad key k+y/with=chars, in a URL: ?key=k%2By%2Fwith%3Dchars";
        assertEquals("bad key [redacted], in a URL: ?key=[redacted]", s.redact(text));
    }

    @Test
    void aShortKeyIsMaskedWhereItStandsAloneNotInsideWords() {
        Secret x = Secret.of("x");
        assertEquals("Bearer [redacted] refused (check the API key: BAD_KEY or 'parallax keys set bad'); key=[redacted]",
                x.redact("Bearer x refused (check the API key: BAD_KEY or 'parallax keys set bad'); key=x"));
        assertEquals("token '[redacted]' is not valid", Secret.of("EMPTY").redact("token 'EMPTY' is not valid"));
        assertEquals("a longer key is masked anywhere: [redacted]5", Secret.of("sk-abcd-1234")
                .redact("a longer key is masked anywhere: sk-abcd-12345"));
    }

    @Test
    void anEmptyKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Secret.of(" \n"));
    }

    @Test
    void keyShapedStringsAreScrubbedWhoeverTheyBelongTo() {
        String body = "Incorrect API key provided: sk-proj-AbCdEfGhIjKlMnOpQrStUv. Google: AIzaSyA1234567890abcdefghijklmnopqrstu "
                + "Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345 groq gsk_abcdefghijklmnopqrstuvwx";
        String scrubbed = KeyPatterns.scrub(body);
        assertFalse(scrubbed.contains("AbCdEfGh"), scrubbed);
        assertFalse(scrubbed.contains("AIzaSy"), scrubbed);
        assertFalse(scrubbed.contains("abcdefghijklmnopqrstuvwxyz012345"), scrubbed);
        assertFalse(scrubbed.contains("gsk_"), scrubbed);
        assertEquals("the key sk-1 is too short to be one", KeyPatterns.scrub("the key sk-1 is too short to be one"));
    }
}

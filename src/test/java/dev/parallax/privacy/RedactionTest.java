package dev.parallax.privacy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RedactionTest {

    @Test
    void sameValuesShareAPlaceholderAndTheStreamIsRestoredAcrossSplitTokens() {
        String text = "Mail a@b.com, then a@b.com again, card 4111111111111111.";
        Redaction r = new Redaction();
        String sent = r.redact(text, List.of(new Finding(EntityType.EMAIL, 5, 12, 1, "email"),
                new Finding(EntityType.EMAIL, 19, 26, 1, "email"), new Finding(EntityType.PAYMENT_CARD, 39, 55, 1, "luhn")));
        assertEquals("Mail <EMAIL_1>, then <EMAIL_1> again, card <CARD_1>.", sent);
        assertEquals(2, r.count());
        assertEquals(text, r.restore(sent));

        Redaction.StreamRestorer s = r.stream();
        StringBuilder shown = new StringBuilder();
        for (String piece : List.of("Sent to <EM", "AIL_", "1> and <", "CARD_1", "> ok <b>x</b> a<c <EMAIL_9>", " end <CA")) {
            shown.append(s.accept(piece));
        }
        shown.append(s.flush());
        assertEquals("Sent to a@b.com and 4111111111111111 ok <b>x</b> a<c <EMAIL_9> end <CA", shown.toString());
    }

    @Test
    void aSentenceFindingAroundAValueIsReplacedWhole() {
        String text = "I have HIV, call 555. Fine.";
        Redaction r = new Redaction();
        assertEquals("<HEALTH_1> Fine.", r.redact(text, List.of(new Finding(EntityType.HEALTH, 0, 21, 0.9, "minilm"),
                new Finding(EntityType.PHONE, 17, 20, 0.9, "libphonenumber"))));
    }

    @Test
    void userRulesThatRunAwayMakeTheGateUndecided() {
        UserRulesDetector d = new UserRulesDetector(List.of(UserRule.regex("slow", "(x+)+\\1y")));
        assertThrows(DetectorException.class, () -> d.detect("x".repeat(40)));
        assertThrows(IllegalArgumentException.class, () -> UserRule.regex("bad", "([a-z"));
    }
}

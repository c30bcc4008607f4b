package dev.parallax.privacy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DismissalsTest {

    @Test
    void onlyTheExactDismissedValueStopsCounting() {
        String text = "Mail ann@corp.io or bob@corp.io";
        Finding ann = new Finding(EntityType.EMAIL, 5, 16, 0.98, "email");
        Finding bob = new Finding(EntityType.EMAIL, 20, 31, 0.98, "email");
        Dismissals session = Dismissals.newSession();
        session.dismiss("ann@corp.io");

        Dismissals.Split split = session.split(text, List.of(ann, bob));
        assertEquals(List.of(bob), split.kept());
        assertEquals(List.of(ann), split.dismissed());
        assertFalse(session.covers("Ann@corp.io"), "another spelling is another value");
        assertFalse(session.covers("ann@corp.io "));
        assertEquals(1, session.size());
    }

    @Test
    void sessionsDoNotShareDismissalsAndTheSetHoldsNoClearText() {
        Dismissals one = Dismissals.newSession();
        Dismissals two = Dismissals.newSession();
        one.dismiss("4111 1111 1111 1111");
        assertTrue(one.covers("4111 1111 1111 1111"));
        assertFalse(two.covers("4111 1111 1111 1111"));
        assertFalse(one.toString().contains("4111"));
        one.clear();
        assertFalse(one.covers("4111 1111 1111 1111"));
    }

    @Test
    void runsOutsideASessionCannotDismiss() {
        assertThrows(IllegalStateException.class, () -> Dismissals.none().dismiss("x"));
        assertEquals(List.of(), Dismissals.none().split("abc", List.of()).dismissed());
    }
}

package dev.parallax.route;

import dev.parallax.privacy.DetectorException;
import dev.parallax.privacy.EntityType;
import dev.parallax.privacy.Finding;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LocalModelNameCheckTest {

    @Test
    void namesInTheModelsAnswerBecomeSpansAndAnythingElseFailsClosed() throws Exception {
        String text = "Anna met Tom in Lyon; Anna paid.";
        LocalModelNameCheck check = new LocalModelNameCheck("m", spec -> {
            assertEquals(true, spec.target().isLocal());
            return "Sure: [{\"text\": \"Anna\", \"type\": \"person\"}, {\"text\": \"Lyon\", \"type\": \"place\"}]";
        });
        List<Finding> found = check.find(text);
        assertEquals(3, found.size());
        assertEquals(2, found.stream().filter(f -> f.type() == EntityType.PERSON_NAME
                && text.substring(f.start(), f.end()).equals("Anna")).count());
        assertEquals(1, found.stream().filter(f -> f.type() == EntityType.LOCATION && f.start() == 16).count());
        assertThrows(DetectorException.class, () -> new LocalModelNameCheck("m", spec -> "Once upon a time").find(text));
    }
}

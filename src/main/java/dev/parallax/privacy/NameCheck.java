package dev.parallax.privacy;

import java.util.List;

/**
 * Names of people and places, which no pattern finds and no offline NER model is bundled for: asked of a local model
 * when the user turns it on. The text never leaves the machine for it.
 */
public interface NameCheck {

    List<Finding> find(String text) throws DetectorException;
}

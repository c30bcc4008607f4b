package dev.parallax.privacy;

import java.util.List;

/** Finds one family of sensitive things in a text. */
public interface Detector {

    /** A short stable name, stored with every finding ("email", "luhn", "minilm"...). */
    String name();

    /**
     * The findings in {@code text}, spans relative to it.
     *
     * @throws DetectorException when this detector cannot decide (its model failed to load, a rule does not compile):
     *                           the gate then fails closed
     */
    List<Finding> detect(String text) throws DetectorException;
}

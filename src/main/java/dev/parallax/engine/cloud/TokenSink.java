package dev.parallax.engine.cloud;

/** Where a decoder puts content text as it arrives, stamped with the arrival of the bytes that held it. */
@FunctionalInterface
interface TokenSink {
    void token(String text, long nanos);
}

package dev.parallax.cli;

/** Ends a command with a one-line reason on stderr and a non-zero exit code. */
final class CliFailure extends RuntimeException {

    private final int exitCode;

    CliFailure(String message) {
        this(message, 1);
    }

    CliFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}

package dev.parallax.core;

/** Thrown by long-running work when its {@link TaskProgress} says it was cancelled. */
public final class TaskCancelledException extends Exception {

    public TaskCancelledException(String what) {
        super(what + " was cancelled");
    }
}

package dev.parallax.ui;

/** What closing the main window does beyond closing the services: ends the process in the app; tests record it. */
public interface WindowExit {

    /** Closing has begun (the run is being stopped, the services are about to close). */
    default void closing() {
    }

    /** The services are closed and the stage is hidden. */
    void closed();
}

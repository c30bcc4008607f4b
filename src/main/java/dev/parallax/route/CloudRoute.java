package dev.parallax.route;

import dev.parallax.engine.Engine;

/**
 * Where a cloud target's runs go: the provider's engine, and whether its server runs on this machine (its runs
 * then cost energy, like local ones, unless the price table knows the model).
 */
public record CloudRoute(Engine engine, boolean onThisMachine) {
}

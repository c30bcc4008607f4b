package dev.parallax.secrets;

import java.util.Optional;

/** One place keys can live. Accounts are provider names. */
interface KeyBackend {

    Optional<String> get(String account);

    void set(String account, String value);

    boolean delete(String account);

    String describe();
}

package dev.parallax.cli;

import dev.parallax.secrets.KeyStore;
import dev.parallax.secrets.KeyPatterns;
import dev.parallax.secrets.KeyStoreException;
import dev.parallax.secrets.Secret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code parallax keys set|rm}. A key is read from standard input (without echo on a terminal), never from the
 * command line, where it would stay in the shell's history and the process list.
 */
@Command(name = "keys", description = "Store and remove API keys (OS keychain, else an encrypted file).",
        subcommands = {KeysCommand.Set.class, KeysCommand.Remove.class})
final class KeysCommand implements Runnable {

    @ParentCommand
    ParallaxCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(root.out());
    }

    KeyStore store() {
        return root.services().keyStore();
    }

    void requireKnown(String provider) {
        refuseKeyAsName(provider);
        if (root.services().providers().find(provider).isEmpty()) {
            throw new CliFailure(root.services().providers().unknown(provider));
        }
    }

    /**
     * {@code parallax keys set sk-...}: the key typed where the provider's name goes. Every error that names the
     * provider would print the key back (to a terminal that may be recorded, or a CI log); this one does not.
     */
    static void refuseKeyAsName(String provider) {
        if (!KeyPatterns.scrub(provider).equals(provider)) {
            throw new CliFailure("that looks like an API key, not a provider's name; it is not stored. Run: parallax keys "
                    + "set PROVIDER (e.g. openai), then paste the key on standard input", 2);
        }
    }

    @Command(name = "set", description = "Store a provider's API key, read from standard input (one line).")
    static final class Set implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Parameters(index = "0", paramLabel = "PROVIDER")
        String provider;

        /** Caught so a key typed as an argument is refused without being echoed in picocli's error. */
        @Parameters(index = "1..*", hidden = true)
        List<String> extra = new ArrayList<>();

        @Override
        public Integer call() {
            refuseKeyAsName(provider);
            if (!extra.isEmpty()) {
                throw new CliFailure("keys are read from standard input, never from the command line (it would stay "
                        + "in your shell history). Run: parallax keys set " + provider + "   and paste the key", 2);
            }
            keys.requireKnown(provider);
            String line = readKey();
            if (line == null || line.isBlank()) {
                throw new CliFailure("no key given: paste it on standard input (one line), e.g. "
                        + "printf '%s\\n' \"$KEY\" | parallax keys set " + provider, 2);
            }
            try {
                KeyStore store = keys.store();
                store.set(provider, Secret.of(line));
                keys.root.out().println("Stored the key of " + provider + " in the " + store.describe() + ".");
                return 0;
            } catch (KeyStoreException e) {
                throw new CliFailure(e.getMessage());
            }
        }

        private String readKey() {
            Console console = System.console();
            if (console != null && keys.root.in() == System.in) {
                char[] typed = console.readPassword("API key for %s (not shown): ", provider);
                return typed == null ? null : new String(typed);
            }
            try {
                return new BufferedReader(new InputStreamReader(keys.root.in(), StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new CliFailure("cannot read the key from standard input: " + e.getMessage());
            }
        }
    }

    @Command(name = "rm", description = "Remove a provider's stored API key.")
    static final class Remove implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Parameters(index = "0", paramLabel = "PROVIDER")
        String provider;

        @Override
        public Integer call() {
            refuseKeyAsName(provider);
            try {
                if (!keys.store().remove(provider)) {
                    throw new CliFailure("no stored key for " + provider);
                }
                keys.root.out().println("Removed the stored key of " + provider + ".");
                return 0;
            } catch (KeyStoreException e) {
                throw new CliFailure(e.getMessage());
            }
        }
    }
}

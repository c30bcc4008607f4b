package dev.parallax.testing;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;

/**
 * Loads each model given on the command line with java-llama.cpp and generates 8 tokens. Run in a
 * child JVM by tests, because llama.cpp may abort the whole process on a bad file. Prints one line
 * per model: {@code MODEL <path> OUTPUTS <n> NONEMPTY <n> TEXT <text>}; a failure exits with 1.
 */
public final class TinyModelSmoke {

    private TinyModelSmoke() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            for (String path : args) {
                generate(path);
            }
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            status = 1;
        }
        System.out.flush();
        // java-llama.cpp leaves a non-daemon native thread running that would keep this JVM alive after main.
        System.exit(status);
    }

    private static void generate(String path) {
        ModelParameters parameters = new ModelParameters()
                .setModel(path)
                .setCtxSize(256)
                .setThreads(2)
                .skipWarmup();
        try (LlamaModel model = new LlamaModel(parameters)) {
            InferenceParameters inference = new InferenceParameters("Hello")
                    .setNPredict(8)
                    .setTemperature(0f)
                    .setSeed(42)
                    .setIgnoreEos(true);
            int outputs = 0;
            int nonEmpty = 0;
            StringBuilder text = new StringBuilder();
            for (LlamaOutput output : model.generate(inference)) {
                outputs++;
                if (!output.text.isEmpty()) {
                    nonEmpty++;
                }
                text.append(output.text);
            }
            System.out.println("MODEL " + path + " OUTPUTS " + outputs + " NONEMPTY " + nonEmpty
                    + " TEXT " + text.toString().replace('\n', ' '));
        }
    }
}

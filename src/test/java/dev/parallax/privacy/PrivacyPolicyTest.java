package dev.parallax.privacy;

import dev.parallax.config.ConfigFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings that would quietly switch the gate off are refused, whether typed or read from config.json. */
class PrivacyPolicyTest {

    @TempDir
    Path home;

    @Test
    void aLeastConfidenceOfNaNIsRefused() {
        // Under NaN no finding would count: 'privacy set --min-confidence NaN' let an e-mail address go to the cloud.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PrivacyPolicy(PrivacyAction.LOCAL_ONLY, Map.of(), Double.NaN));
        assertEquals("the least confidence must be in [0, 1], not NaN", e.getMessage());
    }

    @Test
    void aNegativeMonthlyBudgetIsRefused() {
        PrivacyConfig c = PrivacyConfig.defaults();
        assertEquals("the monthly budget must be $0 or more, not -5", assertThrows(IllegalArgumentException.class,
                () -> c.withMonthlyBudgetUsd(Optional.of(new BigDecimal("-5")))).getMessage());
        assertEquals(Optional.of(BigDecimal.ZERO), c.withMonthlyBudgetUsd(Optional.of(BigDecimal.ZERO)).monthlyBudgetUsd());
    }

    @Test
    void aConfigFileWithNaNFailsClosed() throws Exception {
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"privacy\": {\"default\": \"allow\", \"min_confidence\": \"NaN\"}}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new PrivacySettings(new ConfigFile(file)).load());
        assertTrue(e.getMessage().contains("until then nothing is sent to a cloud provider"), e.getMessage());
        assertEquals(List.of(), PrivacyConfig.defaults().rules());
    }
}

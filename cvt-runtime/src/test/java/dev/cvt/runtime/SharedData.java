package dev.cvt.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The reference data beside the checkout ({@code ../shared/data}), which a user's fresh clone does not
 * have: tests that need it are skipped with a message when it is absent.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path require(String relative) {
        String configured = System.getProperty("cvt.shared.data", "../../shared/data");
        Path path = Path.of(configured).resolve(relative).toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.exists(path), "reference data not found at " + path + ": skipped");
        return path;
    }
}

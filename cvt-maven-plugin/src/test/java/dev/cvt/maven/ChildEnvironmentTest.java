package dev.cvt.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {
    @Test
    void mklReproducibilityIsOnUnlessSetElsewhere() {
        assertEquals(Map.of("MKL_CBWR", "AUTO,STRICT", "A", "1"), AbstractForkedMojo.childEnvironment(Map.of("A", "1"), Map.of()));
        assertEquals(Map.of("MKL_CBWR", "COMPATIBLE"), AbstractForkedMojo.childEnvironment(Map.of("MKL_CBWR", "COMPATIBLE"), Map.of()));
        assertEquals(Map.of(), AbstractForkedMojo.childEnvironment(Map.of(), Map.of("MKL_CBWR", "AVX2")));
    }
}

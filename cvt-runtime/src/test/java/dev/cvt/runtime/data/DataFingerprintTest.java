package dev.cvt.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFingerprintTest {
    @TempDir
    Path root;

    private MultiViewFolder.Listing listing(String split) throws Exception {
        Path file = Files.createDirectories(root.resolve(split).resolve("curl")).resolve("0.jpg");
        if (!Files.exists(file)) {
            Files.writeString(file, "pixels");
        }
        return new MultiViewFolder.Listing(List.of("curl"), List.of(new MultiViewFolder.Sample(0, "curl/0.jpg", List.of(file))));
    }

    @Test
    void melgensHashStandsOnlyForTheSplitsMelgenWrote() throws Exception {
        Files.writeString(root.resolve("fingerprint.sha256"), "abc\n");
        Files.writeString(root.resolve("counts.csv"), "split,class,samples\ntrain,curl,1\n");
        assertEquals("melgen", DataFingerprint.of(root, "train", listing("train")).source());
        DataFingerprint handMade = DataFingerprint.of(root, "extra", listing("extra"));
        assertEquals("files", handMade.source(), "a split added by hand beside melgen's is hashed by content");
        Files.writeString(root.resolve("extra/curl/0.jpg"), "other pixels");
        assertNotEquals(handMade, DataFingerprint.of(root, "extra", listing("extra")));
    }
}

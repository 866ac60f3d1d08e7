package dev.cvt.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiViewFolderTest {
    @TempDir
    Path root;

    private final List<String> warnings = new ArrayList<>();
    private final Log log = new Log() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
            warnings.add(message);
        }
    };

    private void sample(String cls, String name, int... dims) throws IOException {
        for (int d : dims) {
            Path dir = root.resolve("train").resolve(cls).resolve("dim" + d);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), "x");
        }
    }

    @Test
    void classesSortedByNameSamplesPresentInEveryView() throws IOException {
        sample("walk", "10.jpg", 1, 2);
        sample("walk", "2.jpg", 1, 2);
        sample("run", "0.jpg", 1, 2);
        MultiViewFolder.Listing listing = MultiViewFolder.scan(root, "train", 2, false, log);
        assertEquals(List.of("run", "walk"), listing.classes());
        assertEquals(List.of("run/0.jpg", "walk/2.jpg", "walk/10.jpg"), listing.samples().stream().map(MultiViewFolder.Sample::id).toList());
        assertEquals(1, listing.samples().get(2).label());
        assertEquals(root.resolve("train/walk/dim2/10.jpg"), listing.samples().get(2).views().get(1));
    }

    @Test
    void incompleteSamplesAreAnErrorOrLeftOutWithAWarning() throws IOException {
        sample("walk", "0.jpg", 1, 2);
        sample("walk", "1.jpg", 1);
        sample("walk", "2.jpg", 2);
        CvtException e = assertThrows(CvtException.class, () -> MultiViewFolder.scan(root, "train", 2, false, log));
        assertTrue(e.getMessage().contains("walk: 2 sample(s) missing from some dim folder, e.g. [1.jpg, 2.jpg]"), e.getMessage());
        MultiViewFolder.Listing listing = MultiViewFolder.scan(root, "train", 2, true, log);
        assertEquals(1, listing.samples().size());
        assertEquals(1, warnings.size());
    }

    @Test
    void viewFoldersMustMatchTheViews() throws IOException {
        sample("walk", "0.jpg", 1, 2, 3);
        CvtException e = assertThrows(CvtException.class, () -> MultiViewFolder.scan(root, "train", 2, false, log));
        assertTrue(e.getMessage().contains("has view folders [dim1, dim2, dim3] but DATASET.NUM_DIMS 2 needs [dim1, dim2]"), e.getMessage());
        assertTrue(assertThrows(CvtException.class, () -> MultiViewFolder.scan(root, "val", 2, false, log)).getMessage()
                .contains("split folder not found"));
    }
}

package dev.cvt.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One rule for the run files: every field written, NaN as null, a damaged file named, nested records included. */
class JsonFilesTest {
    record Part(String name, double value) {
    }

    record Whole(String title, Integer optional, Part part, List<Part> parts) {
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNullAndReadBackAsNaN() {
        Whole whole = new Whole("t", null, new Part("a", Double.POSITIVE_INFINITY), List.of(new Part("b", Double.NaN)));
        String line = JsonFiles.line(whole);
        assertEquals("{\"title\":\"t\",\"optional\":null,\"part\":{\"name\":\"a\",\"value\":null},\"parts\":[{\"name\":\"b\",\"value\":null}]}", line);
        Whole read = JsonFiles.parse(line, Whole.class, "w.json");
        assertTrue(Double.isNaN(read.part().value()) && Double.isNaN(read.parts().get(0).value()));
    }

    @Test
    void aMissingOrNullFieldIsADamagedFileNotAZero() {
        assertEquals("w.json: has no field 'parts[0].value'; it was not written by this version of cvt-runtime",
                assertThrows(CvtException.class, () -> JsonFiles.parse(
                        "{\"title\":\"t\",\"optional\":1,\"part\":{\"name\":\"a\",\"value\":1},\"parts\":[{\"name\":\"b\"}]}", Whole.class, "w.json"))
                        .getMessage());
        assertEquals("w.json: field 'part.name' is null", assertThrows(CvtException.class, () -> JsonFiles.parse(
                "{\"title\":\"t\",\"optional\":1,\"part\":{\"name\":null,\"value\":1},\"parts\":[]}", Whole.class, "w.json")).getMessage());
        assertEquals("w.json: field 'title' is null", assertThrows(CvtException.class, () -> JsonFiles.parse(
                "{\"title\":null,\"optional\":1,\"part\":{\"name\":\"a\",\"value\":1},\"parts\":[]}", Whole.class, "w.json")).getMessage());
    }
}

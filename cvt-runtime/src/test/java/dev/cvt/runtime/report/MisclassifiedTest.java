package dev.cvt.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MisclassifiedTest {
    @Test
    void mistakesNameTheirRecordingWhereThePredictionsDo() {
        List<List<String>> csv = List.of(
                List.of("sample", "true", "predicted", "p_no", "p_yes", "source", "window", "start_s"),
                List.of("no/0.jpg", "no", "no", "0.900000", "0.100000", "no/en-m3_s150.wav", "0", "0.000"),
                List.of("no/1.jpg", "no", "yes", "0.200000", "0.800000", "no/en-f4_s180.wav", "0", "0.000"),
                List.of("yes/0.jpg", "yes", "no", "0.600000", "0.400000", "yes/en-f4_s150.wav", "2", "1.500"));
        Map<String, Object> table = Misclassified.of(csv);
        assertEquals(true, table.get("recordings"));
        List<?> rows = (List<?>) table.get("rows");
        assertEquals(2, rows.size());
        assertEquals("no/en-f4_s180.wav, window 0", ((Map<?, ?>) rows.get(0)).get("recording"), "the most confident mistake first");
        assertEquals("yes/en-f4_s150.wav, window 2", ((Map<?, ?>) rows.get(1)).get("recording"));
        Map<String, Object> without = Misclassified.of(List.of(List.of("sample", "true", "predicted", "p_no", "p_yes"),
                List.of("no/1.jpg", "no", "yes", "0.2", "0.8")));
        assertEquals(false, without.get("recordings"));
        assertEquals("", ((Map<?, ?>) ((List<?>) without.get("rows")).get(0)).get("recording"));
    }
}

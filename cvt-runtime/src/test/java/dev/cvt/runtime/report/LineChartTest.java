package dev.cvt.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineChartTest {
    @Test
    void ticksAreRoundNumbers() {
        assertEquals(0.2, LineChart.niceStep(0.9, 5), 1e-12);
        assertEquals(20, LineChart.niceStep(74, 5), 1e-12);
        assertEquals(5e-5, LineChart.niceStep(2e-4, 5), 1e-18);
        assertEquals("0.6", Format.tick(0.6000000000000001, 0.2));
        assertEquals("2e-5", Format.tick(2e-5, 1e-5));
        assertEquals("1.5e-4", Format.tick(1.5e-4, 5e-5));
        assertEquals("0", Format.tick(1e-20, 5e-5));
        assertEquals("40", Format.tick(40, 20));
    }

    @Test
    @SuppressWarnings("unchecked")
    void valuesMapOntoThePlotBox() {
        Map<String, Object> chart = LineChart.of("t", "T", "y", List.of(new LineChart.Series("a",
                List.of(new double[] {0, 0}, new double[] {1, 50}, new double[] {2, 100}))), true, 100);
        List<Map<String, Object>> series = (List<Map<String, Object>>) chart.get("series");
        // x from the left edge (70) to the right (480 - 14), y from the bottom (250 - 44) to the top (14)
        assertEquals("70.0,206.0 268.0,110.0 466.0,14.0", series.get(0).get("points"));
        List<Map<String, Object>> yTicks = (List<Map<String, Object>>) chart.get("yTicks");
        assertEquals(List.of("0", "20", "40", "60", "80", "100"), yTicks.stream().map(t -> t.get("label")).toList());
        List<Map<String, Object>> xTicks = (List<Map<String, Object>>) chart.get("xTicks");
        assertEquals(List.of("0", "1", "2"), xTicks.stream().map(t -> t.get("label")).toList());
    }

    @Test
    void figuresReadAsOnThePage() {
        assertEquals("97.37 %", Format.percent(97.36842));
        assertEquals("\u2014", Format.percent(null));
        assertEquals("\u2014", Format.percent(Double.NaN));
        assertEquals("42.0 s", Format.duration(42.04));
        assertEquals("3 min 05 s", Format.duration(185.0));
        assertEquals("2 h 07 min", Format.duration(7620.0));
    }
}

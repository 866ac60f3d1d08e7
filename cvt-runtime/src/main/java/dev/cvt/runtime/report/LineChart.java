package dev.cvt.runtime.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The geometry of one per-epoch line chart, for {@code #lineChart} in macros.vm to draw as SVG:
 * round axis ticks, and each series as a polyline with exactly one point per epoch that has a
 * value. Coordinates are in a fixed viewBox; the page scales the SVG to its width.
 */
final class LineChart {
    static final int WIDTH = 480;
    static final int HEIGHT = 250;
    // room for the tick labels at the left and the axis title below
    private static final int LEFT = 70;
    private static final int RIGHT = 14;
    private static final int TOP = 14;
    private static final int BOTTOM = 44;
    // a dot on every point while they are few enough to tell apart (and a lone epoch shows at all)
    private static final int MAX_DOTS = 40;
    private static final String[] COLOURS = {"#1f6fb4", "#e3711a", "#2a9d3c", "#b8332d"};

    /** One line: (epoch, value) pairs in epoch order; epochs without a value are left out. */
    record Series(String name, List<double[]> points) {
    }

    private LineChart() {
    }

    /**
     * @param fromZero the value axis starts at 0 (losses, rates); otherwise it spans the data
     * @param ceiling the largest value the axis may reach (100 for accuracies), or +infinity
     */
    static Map<String, Object> of(String id, String title, String yLabel, List<Series> series, boolean fromZero, double ceiling) {
        return of(id, title, "epoch", yLabel, series, fromZero, ceiling);
    }

    /** @param xTitle what the points are over: epochs, or a cross-validation's folds */
    static Map<String, Object> of(String id, String title, String xTitle, String yLabel, List<Series> series, boolean fromZero,
                                  double ceiling) {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = fromZero ? 0 : Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double[] p : s.points()) {
                xMin = Math.min(xMin, p[0]);
                xMax = Math.max(xMax, p[0]);
                yMin = Math.min(yMin, p[1]);
                yMax = Math.max(yMax, p[1]);
            }
        }
        if (xMax < xMin) { // no points at all: an empty frame over epoch 0..1
            xMin = 0;
            xMax = 1;
            yMin = 0;
            yMax = 1;
        }
        if (xMax == xMin) {
            xMax = xMin + 1;
        }
        if (yMax == yMin) {
            yMax = yMin == 0 ? 1 : yMin + Math.abs(yMin) * 0.1;
            yMin = fromZero ? yMin : yMin - (yMax - yMin);
        }
        double yStep = niceStep(yMax - yMin, 5);
        yMin = Math.floor(yMin / yStep + 1e-9) * yStep;
        yMax = Math.min(Math.ceil(yMax / yStep - 1e-9) * yStep, Math.max(ceiling, yMax));
        double xStep = Math.max(1, niceStep(xMax - xMin, 8));

        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("id", id);
        chart.put("title", title);
        chart.put("yLabel", yLabel);
        chart.put("xTitle", xTitle);
        chart.put("width", WIDTH);
        chart.put("height", HEIGHT);
        chart.put("left", LEFT);
        chart.put("right", WIDTH - RIGHT);
        chart.put("top", TOP);
        chart.put("bottom", HEIGHT - BOTTOM);
        chart.put("tickEnd", HEIGHT - BOTTOM + 5);
        chart.put("xLabelY", HEIGHT - BOTTOM + 19);
        chart.put("yLabelX", LEFT - 6);
        chart.put("xTitleY", HEIGHT - 6);
        chart.put("xCentre", (LEFT + WIDTH - RIGHT) / 2);
        chart.put("yCentre", (TOP + HEIGHT - BOTTOM) / 2);
        Scale x = new Scale(xMin, xMax, LEFT, WIDTH - RIGHT);
        Scale y = new Scale(yMin, yMax, HEIGHT - BOTTOM, TOP);
        chart.put("xTicks", ticks(x, Math.ceil(xMin), xStep));
        chart.put("yTicks", ticks(y, yMin, yStep));
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            StringBuilder points = new StringBuilder();
            for (double[] p : s.points()) {
                points.append(points.isEmpty() ? "" : " ").append(x.format(p[0])).append(',').append(y.format(p[1]));
            }
            lines.add(Map.of("name", s.name(), "colour", COLOURS[i % COLOURS.length], "points", points.toString(),
                    "count", s.points().size(), "marker", id + "-m" + i,
                    "dots", s.points().size() <= MAX_DOTS));
        }
        chart.put("series", lines);
        return chart;
    }

    /** The tick step for about {@code count} intervals over {@code range}: 1, 2 or 5 times a power of ten. */
    static double niceStep(double range, int count) {
        double raw = range / count;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double norm = raw / magnitude;
        double step = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10;
        return step * magnitude;
    }

    private static List<Map<String, Object>> ticks(Scale scale, double first, double step) {
        List<Map<String, Object>> ticks = new ArrayList<>();
        for (int i = 0; ; i++) {
            double value = first + i * step;
            if (value > scale.max + step * 1e-6) {
                return ticks;
            }
            ticks.add(Map.of("at", scale.format(value), "label", Format.tick(value, step)));
        }
    }

    /** Maps data values linearly onto viewBox coordinates. */
    private record Scale(double min, double max, double from, double to) {
        String format(double value) {
            return String.format(Locale.ROOT, "%.1f", from + (value - min) / (max - min) * (to - from));
        }
    }
}

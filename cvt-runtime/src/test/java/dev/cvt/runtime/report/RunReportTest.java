package dev.cvt.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.CvtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders reports from recorded run files and reads the figures back out of the HTML. */
class RunReportTest {
    private static final String ODD_ESCAPED = "Lateral &lt;Raise&gt; &amp; &quot;Co&quot;";

    @TempDir
    Path project;

    private Path out() {
        return project.resolve("site/exp");
    }

    @Test
    void finishedAndTestedRun() throws IOException {
        RecordedRun run = new RecordedRun(project).status("finished", 10, 3725.0, null).metrics(10).tested().dataset();
        RunReport.Summary summary = RunReport.render(run.config(), project, "agmel", out(),
                new RunReport.Gate(true, "top-1 86.96 % \u2265 minTop1 80.00 % (val, 23 samples)"));
        String html = Files.readString(out().resolve("index.html"));

        assertEquals(new RunReport.Summary("agmel", "finished", 97.36842, 6, 81.66667, 10, 10, 3725.0, out().resolve("index.html")),
                summary);
        // header
        assertTrue(html.contains("<h1>agmel <span class=\"state state-finished\">finished</span></h1>"), html);
        assertTrue(html.contains("<dt>wall time</dt><dd>1 h 02 min</dd>"));
        assertTrue(html.contains("<dt>DJL / PyTorch</dt><dd>0.32.0 / 2.5.1</dd>"));
        assertTrue(html.contains("<dt>device</dt><dd>gpu(0)</dd>"));
        assertTrue(html.contains("<dt>seed</dt><dd>7</dd>"));
        // outcome: best epoch 6 and last epoch 9, test figures, the gate
        assertTrue(html.contains("best top-1 at epoch <strong>6</strong>, last epoch 9"));
        assertTrue(html.contains("Validation on split <code>val</code> (also the test split: a test score of model_best is then optimistic"),
                "the split that picked model_best is named, and that it is the test split");
        assertTrue(html.contains("<tr><th>val top-1</th><td class=\"num\">97.37 %</td><td class=\"num\">87.00 %</td></tr>"), html);
        assertTrue(html.contains("<tr><th>val balanced accuracy</th><td class=\"num\">96.50 %</td><td class=\"num\">82.00 %</td></tr>"));
        assertTrue(html.contains("<tr><th>top-1</th><td class=\"num\">86.96 %</td></tr>"));
        assertTrue(html.contains("<tr><th>top-3</th><td class=\"num\">100.00 %</td></tr>"), "top-k capped at the class count");
        assertTrue(html.contains("<tr><th>macro-F1</th><td class=\"num\">80.12 %</td></tr>"));
        assertFalse(html.contains(">baseline") || html.contains("Baseline:"), "no baseline in evaluation.json, no column");
        assertTrue(html.contains("class=\"gate-met\"><strong>Quality gate met:</strong> top-1 86.96 % \u2265 minTop1 80.00 %"));
        // curves: one point per epoch on every line
        assertEquals(Map.of("train", 10, "val", 10), polylinePoints(html, "loss"));
        assertEquals(Map.of("train", 10, "val", 10), polylinePoints(html, "top1"));
        assertEquals(Map.of("lr", 10), polylinePoints(html, "lr"));
        assertEquals(Map.of("train", 10), polylinePoints(html, "throughput"));
        assertTrue(html.contains(">epoch</text>") && html.contains(">top-1 (%)</text>") && html.contains(">samples/s</text>"));
        // confusion matrix cells row by row, and the per-class table
        assertEquals(List.of("9", "1", "0", "0", "10", "0", "1", "1", "1"), matches(html, "<td class=\"cell \\w+\" style=\"[^\"]*\">(\\d+)</td>"));
        assertTrue(html.contains("<td class=\"cell hit\" style=\"background:rgb(31,95,168);color:#fff\">10</td>"), "a full row is darkest");
        assertTrue(html.contains("<tr><td>Shoulder Press</td><td class=\"num\">50.00 %</td><td class=\"num\">33.33 %</td>"
                + "<td class=\"num\">40.00 %</td><td class=\"num\">3</td></tr>"));
        // misclassified: the most confident mistakes first
        assertEquals(List.of("Shoulder Press/1.jpg", "Shoulder Press/2.jpg", "Dumbbell Bicep Curl/7.jpg"),
                matches(html, "<tr><td>([^<]*\\.jpg)</td>"));
        assertTrue(html.contains("<tr><td>Shoulder Press/2.jpg</td><td>Shoulder Press</td><td>" + ODD_ESCAPED
                + "</td><td class=\"num\">61.0 %</td><td class=\"num\">9.0 %</td></tr>"), html);
        assertTrue(html.contains("3 of 5 test samples misclassified"));
        // class names are escaped everywhere
        assertFalse(html.contains("<Raise>"));
        assertTrue(html.contains("<th>" + ODD_ESCAPED + "</th>"));
        // data: counts, imbalance, split method, examples (dim1, natural order, the dataset's own bytes)
        assertTrue(html.contains("<dt>split method</dt><dd>recording</dd>"));
        assertTrue(html.contains("<dt>image size</dt><dd>310 \u00d7 231 (w \u00d7 h)</dd>"));
        assertTrue(html.contains("<td class=\"num flagged\">3 <span class=\"muted\">(3.6 %)</span> \u26a0</td>"), html);
        assertTrue(html.contains("<td class=\"num\">3 <span class=\"muted\">(13.0 %)</span></td>"), "13 % of val is no imbalance");
        assertTrue(html.contains("Imbalanced"));
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 3; i++) {
                Path copy = out().resolve("examples/" + c + "-" + i + ".jpg");
                assertEquals(RecordedRun.image(RecordedRun.CLASSES.get(c), "dim1", i), Files.readString(copy));
                assertTrue(html.contains("<img src=\"examples/" + c + "-" + i + ".jpg\""));
            }
            assertFalse(Files.exists(out().resolve("examples/" + c + "-3.jpg")), "three per class");
        }
        // model: the stage table and the totals; the effective YAML, collapsed
        assertTrue(html.contains("<dt>trainable parameters</dt><dd>20,205,378</dd>"));
        assertTrue(html.contains("<dt>MACs per sample</dt><dd>0.54 G</dd>"));
        assertTrue(html.contains("<td class=\"num\">17,756,544</td>"));
        assertTrue(Pattern.compile("<details>\\s*<summary>Effective configuration</summary>\\s*<pre>NAME: exp\nSEED: 7\n").matcher(html).find());
        // self-contained
        assertFalse(html.contains("<script") || html.contains("<link") || html.contains("src=\"http"));
        assertTrue(html.contains("@media print") && html.contains("width=device-width"));
    }

    @Test
    void theBaselineStandsBesideTheModel() throws IOException {
        RecordedRun run = new RecordedRun(project).status("finished", 10, 3725.0, null).metrics(10).testedWithBaseline();
        RunReport.render(run.config(), project, "agmel", out(), null);
        String html = Files.readString(out().resolve("index.html"));

        assertTrue(html.contains("<thead><tr><th></th><th class=\"num\">model</th><th class=\"num\">baseline</th></tr></thead>"), html);
        assertTrue(html.contains("<tr><th>top-1</th><td class=\"num\">86.96 %</td><td class=\"num\">65.22 %</td></tr>"));
        assertTrue(html.contains("<tr><th>balanced accuracy</th><td class=\"num\">81.67 %</td><td class=\"num\">50.00 %</td></tr>"));
        assertTrue(html.contains("<tr><th>top-3</th><td class=\"num\">100.00 %</td><td class=\"num\">\u2014</td></tr>"), "no top-k");
        assertTrue(html.contains("<tr><th>loss</th><td class=\"num\">0.3123</td><td class=\"num\">\u2014</td></tr>"), "nor a loss");
        assertTrue(html.contains("Baseline: <code>random_forest(100 trees, window statistics)</code>, trained on 84 windows of the "
                + "training split, scored on 23"));
        assertTrue(html.contains("<th class=\"num\">support</th><th class=\"num\">baseline F1</th></tr>"));
        assertTrue(html.contains("<tr><td>Dumbbell Bicep Curl</td><td class=\"num\">90.00 %</td><td class=\"num\">90.00 %</td>"
                + "<td class=\"num\">90.00 %</td><td class=\"num\">10</td><td class=\"num\">66.67 %</td></tr>"), html);
    }

    @Test
    void runInProgress() throws IOException {
        RecordedRun run = new RecordedRun(project).status("running", 3, 42.04, null).metrics(3);
        RunReport.Summary summary = RunReport.render(run.config(), project, "agmel", out(), null);
        String html = Files.readString(out().resolve("index.html"));

        assertEquals("running", summary.state());
        assertEquals(3, summary.epochsDone());
        assertEquals(10, summary.endEpoch());
        assertEquals(66.0, summary.bestTop1());
        assertEquals(2, summary.bestEpoch());
        assertEquals(61.0, summary.balancedAccuracy(), "no test yet: the best epoch's validation figure");
        assertTrue(html.contains("Training in progress: epoch 3 of 10 so far"));
        assertTrue(html.contains("<dt>wall time</dt><dd>42.0 s</dd>"));
        assertEquals(Map.of("train", 3, "val", 3), polylinePoints(html, "loss"));
        assertEquals(Map.of("lr", 3), polylinePoints(html, "lr"));
        assertTrue(html.contains("No evaluation.json: the model has not been tested"));
        assertTrue(html.contains("Appears once the model has been tested (predictions.csv)"));
        assertFalse(html.contains("Quality gate"));
        assertTrue(html.contains("No counts.csv in the dataset folder"));
        assertTrue(html.contains("(as configured now; the run has not written its own)"));
    }

    @Test
    void failedRunShowsWhereAndWhy() throws IOException {
        String message = "the loss became NaN at epoch 1, by iteration 2/6 (lr 1e+30); stopped. The last good checkpoint is kept: "
                + "out/checkpoint.bin (lower TRAIN.LR or set TRAIN.CLIP_GRAD_NORM)";
        RecordedRun run = new RecordedRun(project).status("failed", 1, 75.0, message).metrics(1);
        RunReport.Summary summary = RunReport.render(run.config(), project, "agmel", out(), null);
        String html = Files.readString(out().resolve("index.html"));

        assertEquals("failed", summary.state());
        assertTrue(html.contains("<span class=\"state state-failed\">failed</span>"));
        assertTrue(html.contains("<strong>The run failed</strong> after 1 of 10 epochs."));
        assertTrue(html.contains("<p>" + message + "</p>"));
        assertTrue(html.contains("<dt>wall time</dt><dd>1 min 15 s</dd>"));
        assertEquals(Map.of("train", 1, "val", 1), polylinePoints(html, "top1"));
    }

    @Test
    void experimentThatNeverRan() throws IOException {
        RecordedRun run = new RecordedRun(project);
        RunReport.Summary summary = RunReport.render(run.config(), project, "iqmel", out(), null);
        String html = Files.readString(out().resolve("index.html"));

        assertEquals(new RunReport.Summary("iqmel", "not run", null, null, null, 0, 10, null, out().resolve("index.html")), summary);
        assertTrue(html.contains("<span class=\"state state-not-run\">not run</span>"));
        assertTrue(html.contains("This experiment has not run yet"));
        assertTrue(html.contains("No epoch has finished yet"));
        assertFalse(html.contains("<polyline"));
        assertTrue(html.contains("<dt>seed</dt><dd>7</dd>"), "from the config");
        assertTrue(html.contains("No example images found"));
        assertFalse(Files.exists(out().resolve("examples")));
    }

    @Test
    void damagedFileIsNamed() {
        RecordedRun run = new RecordedRun(project).status("running", 2, 10.0, null).metrics(1);
        String first = Reading.text(run.runDir.resolve("metrics.jsonl"));
        RecordedRun.write(run.runDir.resolve("metrics.jsonl"), first + "{\"epoch\": 1, \"lr\": [\n");
        CvtException e = assertThrows(CvtException.class, () -> RunReport.render(run.config(), project, "agmel", out(), null));
        assertTrue(e.getMessage().startsWith(run.runDir.resolve("metrics.jsonl") + ":2: "), e.getMessage());
    }

    @Test
    void renderingAgainReplacesThePage() throws IOException {
        RecordedRun run = new RecordedRun(project).status("running", 3, 42.0, null).metrics(3);
        RunReport.render(run.config(), project, "agmel", out(), null);
        run.status("finished", 10, 300.0, null).metrics(10);
        RunReport.render(run.config(), project, "agmel", out(), null);
        String html = Files.readString(out().resolve("index.html"));
        assertEquals(Map.of("train", 10, "val", 10), polylinePoints(html, "loss"));
        try (var files = Files.list(out())) {
            assertEquals(List.of("index.html"), files.map(p -> p.getFileName().toString()).toList(), "no temporary files left");
        }
    }

    @Test
    void rendersWhateverTheContextClassLoader() throws IOException {
        // a Maven plugin's context loader (the site plugin's above all) may hold another copy of Velocity
        RecordedRun run = new RecordedRun(project).status("running", 3, 42.0, null).metrics(3);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(new java.net.URLClassLoader(new java.net.URL[] {jarOf(org.apache.velocity.app.VelocityEngine.class),
            jarOf(org.apache.commons.lang3.StringUtils.class), jarOf(org.slf4j.Logger.class)}, null));
        try {
            RunReport.render(run.config(), project, "agmel", out(), null);
        } finally {
            thread.setContextClassLoader(previous);
        }
        assertEquals(Map.of("train", 3, "val", 3), polylinePoints(Files.readString(out().resolve("index.html")), "loss"));
    }

    private static java.net.URL jarOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    /** Series name to number of points, for each polyline of one chart. */
    static Map<String, Integer> polylinePoints(String html, String chartId) {
        Matcher figure = Pattern.compile("<figure class=\"chart\" id=\"chart-" + chartId + "\">(.*?)</figure>", Pattern.DOTALL).matcher(html);
        assertTrue(figure.find(), "chart " + chartId);
        Map<String, Integer> points = new LinkedHashMap<>();
        Matcher line = Pattern.compile("<polyline class=\"series\" data-series=\"([^\"]*)\" stroke=\"[^\"]*\" points=\"([^\"]*)\"")
                .matcher(figure.group(1));
        while (line.find()) {
            String[] pairs = line.group(2).trim().split(" ");
            for (String pair : pairs) {
                assertTrue(pair.matches("\\d+\\.\\d,\\d+\\.\\d"), pair);
            }
            points.put(line.group(1), pairs.length);
        }
        return points;
    }

    private static List<String> matches(String html, String regex) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}

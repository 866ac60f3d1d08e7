package dev.cvt.runtime.melgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadersTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static Recipe csvRecipe(List<String> columns, String timeColumn, String unit, double rate, double gridRate, boolean warn) {
        return new Recipe("csv", warn, rate, 0, "none", 1, 2, 40, 4, 0, 0,
                new Recipe.CsvLayout(columns, timeColumn, unit, gridRate, ','), false);
    }

    private Signal readCsv(Recipe recipe, String... names) {
        List<Path> files = java.util.Arrays.stream(names).map(dir::resolve).toList();
        List<LineDiagnostics> diagnostics = java.util.Arrays.stream(names).map(n -> new LineDiagnostics(n, recipe.skipMalformed())).toList();
        return CsvRecordingReader.read(files, List.of(names), recipe, diagnostics);
    }

    @Test
    void agStreamAcceptsGarbledPrefixesAndSkipsNonSampleLinesReportingThoseAfterTheHeader() throws IOException {
        Path file = write("1.txt", "boot ok\r\r\nmcu:,1,2,3,4,5,6\r\r\nmcu:cu:,7,8,9,10,11,12\r\r\n:,6996,12672\r\r\nmcu:mcu:,-1,-2,-3,-4,-5,-6\r\r\n");
        LineDiagnostics diagnostics = new LineDiagnostics("c/1.txt", false);
        Signal s = AgStreamReader.read(file, "c/1.txt", 2.0, diagnostics);
        assertEquals(3, s.length());
        assertEquals(6, s.views());
        assertArrayEquals(new double[] {1, 7, -1}, s.channels()[0]);
        assertArrayEquals(new double[] {6, 12, -6}, s.channels()[5]);
        assertArrayEquals(new double[] {0, 0.5, 1.0}, s.time().seconds());
        assertEquals(1, diagnostics.skippedCount(), "the header line 1 is expected");
        assertEquals(List.of("c/1.txt: 1 non-sample line(s) skipped, at line(s) 4"), diagnostics.report());
    }

    @Test
    void agMalformedLineIsAnErrorWithFileAndLine() throws IOException {
        Path file = write("1.txt", "mcu:,1,2,3,4,5,6\nmcu:,1,2,x,4,5,6\n");
        InputException e = assertThrows(InputException.class,
                () -> AgStreamReader.read(file, "c/1.txt", 2.0, new LineDiagnostics("c/1.txt", false)));
        assertTrue(e.getMessage().startsWith("c/1.txt:2: column 4 (az): not a number: 'x'"), e.getMessage());
    }

    @Test
    void agMalformedLinesCanBeCountedInstead() throws IOException {
        Path file = write("1.txt", "mcu:,1,2,3,4,5,6\nmcu:,1,2,3\nmcu:,1,2,NaN,4,5,6\nmcu:,1,2,3,4,5,6\n");
        LineDiagnostics diagnostics = new LineDiagnostics("c/1.txt", true);
        Signal s = AgStreamReader.read(file, "c/1.txt", 2.0, diagnostics);
        assertEquals(2, s.length());
        assertEquals(2, diagnostics.malformedCount());
        String report = String.join("\n", diagnostics.report());
        assertTrue(report.contains("c/1.txt:2: expected 6 values"), report);
        assertTrue(report.contains("c/1.txt:3: column 4 (az): non-finite value 'NaN'"), report);
    }

    @Test
    void emptyAgStreamIsAnError() throws IOException {
        Path file = write("1.txt", "");
        InputException e = assertThrows(InputException.class,
                () -> AgStreamReader.read(file, "c/1.txt", 2.0, new LineDiagnostics("c/1.txt", false)));
        assertTrue(e.getMessage().contains("c/1.txt: no 'mcu:' sample lines"), e.getMessage());
    }

    @Test
    void iqCsvTimesAreWallClockFromTheFirstRow() throws IOException {
        write("1.csv", "Time,I,Q\n10-38-59.900,1,2\n10-39-0.156,3,4\n10-39-1.5,5,6\n");
        Signal s = readCsv(new Recipe("iq", false, 1, 0, "none", 1, 2, 40, 2, 0, 0, Recipe.CsvLayout.iq(0), false), "1.csv");
        assertArrayEquals(new double[] {0, 0.256, 1.6}, s.time().seconds(), 1e-9);
        assertArrayEquals(new double[] {1, 3, 5}, s.channels()[0]);
        assertArrayEquals(new double[] {2, 4, 6}, s.channels()[1]);
    }

    @Test
    void wallClockWrapsAtMidnight() throws IOException {
        write("1.csv", "Time,I,Q\n23-59-59.500,1,2\n00-00-00.250,3,4\n");
        Signal s = readCsv(new Recipe("iq", false, 1, 0, "none", 1, 2, 40, 2, 0, 0, Recipe.CsvLayout.iq(0), false), "1.csv");
        assertArrayEquals(new double[] {0, 0.75}, s.time().seconds(), 1e-9);
    }

    @Test
    void timeUnits() throws IOException {
        write("ms.csv", "t,a\n1700000000000,1\n1700000000250,2\n");
        assertArrayEquals(new double[] {0, 0.25}, readCsv(csvRecipe(List.of("a"), "t", "epoch_ms", 1, 0, false), "ms.csv").time().seconds(), 1e-9);
        write("s.csv", "t,a\n10.5,1\n11.0,2\n");
        assertArrayEquals(new double[] {0, 0.5}, readCsv(csvRecipe(List.of("a"), "t", "seconds", 1, 0, false), "s.csv").time().seconds(), 1e-9);
        write("iso.csv", "t,a\n2026-11-22T10:00:00.000Z,1\n2026-11-22T10:00:01.500Z,2\n2026-11-22T11:00:02+01:00,3\n");
        assertArrayEquals(new double[] {0, 1.5, 2}, readCsv(csvRecipe(List.of("a"), "t", "iso", 1, 0, false), "iso.csv").time().seconds(), 1e-9);
        write("rate.csv", "a,b\n1,2\n3,4\n5,6\n");
        Signal fixed = readCsv(csvRecipe(List.of("b", "a"), "", "epoch_ms", 4, 0, false), "rate.csv");
        assertArrayEquals(new double[] {0, 0.25, 0.5}, fixed.time().seconds(), 1e-12);
        assertArrayEquals(new double[] {2, 4, 6}, fixed.channels()[0]);
    }

    @Test
    void filesOfOneRecordingAreFusedOntoOneGrid() throws IOException {
        // accelerometer at 4 Hz, gyroscope at 2 Hz starting later; grid at the fastest rate over the common span
        write("acc.csv", "t,ax\n0,0\n250,1\n500,2\n750,3\n1000,4\n1250,5\n");
        write("gyr.csv", "t,gx\n250,10\n750,20\n1250,30\n");
        Signal s = readCsv(csvRecipe(List.of("ax", "gx"), "t", "epoch_ms", 1, 0, false), "acc.csv", "gyr.csv");
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1.0}, s.time().seconds(), 1e-9);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, s.channels()[0], 1e-9);
        assertArrayEquals(new double[] {10, 15, 20, 25, 30}, s.channels()[1], 1e-9);
    }

    @Test
    void aValueColumnInTwoFilesOfARecordingIsAnError() throws IOException {
        // two accelerometer files grouped as one recording: which one's x is the view would be a guess
        write("acc1.csv", "t,x\n0,1\n250,2\n500,3\n");
        write("acc2.csv", "t,x\n0,4\n250,5\n500,6\n");
        InputException e = assertThrows(InputException.class,
                () -> readCsv(csvRecipe(List.of("x"), "t", "epoch_ms", 1, 0, false), "acc1.csv", "acc2.csv"));
        assertEquals("acc1.csv, acc2.csv: column 'x' (MELGEN.CSV.COLUMNS) is in both acc1.csv and acc2.csv: each value column "
                + "must come from one file of a recording", e.getMessage());
    }

    @Test
    void csvErrorsNameFileLineAndColumn() throws IOException {
        write("1.csv", "t,a\n0,1\n250,oops\n");
        InputException bad = assertThrows(InputException.class, () -> readCsv(csvRecipe(List.of("a"), "t", "epoch_ms", 1, 0, false), "1.csv"));
        assertEquals("1.csv:3: column 'a': not a number: 'oops' (set MELGEN.MALFORMED: warn to skip such lines)", bad.getMessage());
        write("2.csv", "t,a\n0,1\n5,2\n");
        InputException missing = assertThrows(InputException.class, () -> readCsv(csvRecipe(List.of("a", "b"), "t", "epoch_ms", 1, 0, false), "2.csv"));
        assertTrue(missing.getMessage().contains("missing column 'b'"), missing.getMessage());
        write("3.csv", "");
        assertTrue(assertThrows(InputException.class, () -> readCsv(csvRecipe(List.of("a"), "t", "epoch_ms", 1, 0, false), "3.csv"))
                .getMessage().contains("3.csv: empty file"));
        write("4.csv", "x,a\n0,1\n");
        assertTrue(assertThrows(InputException.class, () -> readCsv(csvRecipe(List.of("a"), "t", "epoch_ms", 1, 0, false), "4.csv"))
                .getMessage().contains("4.csv:1: no time column 't'"));
        write("5.csv", "t,a\n0,1\n500,2\n250,3\n");
        assertTrue(assertThrows(InputException.class, () -> readCsv(csvRecipe(List.of("a"), "t", "epoch_ms", 1, 0, false), "5.csv"))
                .getMessage().startsWith("5.csv:4: time '250' goes back"));
        write("6.csv", "t,a\n0,1\n500\n");
        assertTrue(assertThrows(InputException.class, () -> readCsv(csvRecipe(List.of("a"), "t", "epoch_ms", 1, 0, false), "6.csv"))
                .getMessage().startsWith("6.csv:3: expected 2 columns, found 1"));
    }

    @Test
    void quotedFieldsMayHoldTheDelimiter() throws IOException {
        write("q.csv", "\"Time, UTC\",a,note\n0,\"1.5\",\"left, then right\"\n250,2,\"multi\nline\"\n500,3,x\n");
        Signal s = readCsv(csvRecipe(List.of("a"), "Time, UTC", "epoch_ms", 1, 0, false), "q.csv");
        assertArrayEquals(new double[] {0, 0.25, 0.5}, s.time().seconds(), 1e-9);
        assertArrayEquals(new double[] {1.5, 2, 3}, s.channels()[0]);
        // line numbers stay those an editor shows, after a field that spans two lines
        write("bad.csv", "t,a,note\n0,1,\"multi\nline\"\n250,oops,x\n");
        InputException bad = assertThrows(InputException.class, () -> readCsv(csvRecipe(List.of("a"), "t", "epoch_ms", 1, 0, false), "bad.csv"));
        assertEquals("bad.csv:4: column 'a': not a number: 'oops' (set MELGEN.MALFORMED: warn to skip such lines)", bad.getMessage());
        write("semi.csv", "t;a\n0;\"1;5\"\n250;2\n");
        Recipe semicolons = new Recipe("csv", false, 1, 0, "none", 1, 2, 40, 4, 0, 0,
                new Recipe.CsvLayout(List.of("a"), "t", "epoch_ms", 0, ';'), false);
        InputException quotedDelimiter = assertThrows(InputException.class, () -> readCsv(semicolons, "semi.csv"));
        assertTrue(quotedDelimiter.getMessage().startsWith("semi.csv:2: column 'a': not a number: '1;5'"), quotedDelimiter.getMessage());
    }

    @Test
    void brokenQuotingNamesTheLine() throws IOException {
        write("1.csv", "t,a\n0,1\n250,\"2\"x\n500,3\n");
        // fatal even with MALFORMED: warn, as the parser cannot tell where the rows after it end
        InputException e = assertThrows(InputException.class, () -> readCsv(csvRecipe(List.of("a"), "t", "epoch_ms", 1, 0, true), "1.csv"));
        assertTrue(e.getMessage().startsWith("1.csv:3: bad quoting: "), e.getMessage());
    }

    @Test
    void duplicateTimestampsAreCountedAsAWarning() throws IOException {
        write("1.csv", "t,a\n0,1\n250,2\n250,3\n500,4\n500,5\n750,6\n");
        LineDiagnostics diagnostics = new LineDiagnostics("c/1.csv", false);
        Signal s = CsvRecordingReader.read(List.of(dir.resolve("1.csv")), List.of("c/1.csv"),
                csvRecipe(List.of("a"), "t", "epoch_ms", 1, 0, false), List.of(diagnostics));
        assertEquals(6, s.length());
        assertEquals(List.of("c/1.csv: 2 duplicate timestamp(s), first at line 4"), diagnostics.report());
    }
}

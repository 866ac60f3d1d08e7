package dev.cvt.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The evaluation {@code cvt-runtime test} writes ({@code --evaluation-out}): the split, its sample
 * count, the loss and four accuracies in percent (0–100). A file that is missing or lacks a field is
 * the runtime breaking its contract, not bad input: it fails as an error of the run.
 */
record Evaluation(String split, int samples, double loss, double top1, double top5, double balancedAccuracy,
        double macroF1, List<String> classes) {

    static Evaluation read(Path file) throws MojoExecutionException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new MojoExecutionException("cvt-runtime test ended without writing its evaluation to " + file);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** JSON is YAML; the safe constructor builds plain maps, lists and scalars only. */
    static Evaluation parse(String json, String source) throws MojoExecutionException {
        Object tree;
        try {
            tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(json);
        } catch (YAMLException e) {
            throw new MojoExecutionException(source + ": not JSON: " + e.getMessage(), e);
        }
        if (!(tree instanceof Map<?, ?> fields)) {
            throw new MojoExecutionException(source + ": not a JSON object");
        }
        Object classes = fields.get("classes");
        if (!(classes instanceof List<?> names)) {
            throw new MojoExecutionException(source + ": 'classes' missing or not a list");
        }
        double samples = number(fields, "samples", source);
        if (samples != Math.rint(samples) || samples < 0) {
            throw new MojoExecutionException(source + ": 'samples' is not a count: " + fields.get("samples"));
        }
        return new Evaluation(text(fields, "split", source), (int) samples, number(fields, "loss", source),
                number(fields, "top1", source), number(fields, "top5", source),
                number(fields, "balanced_accuracy", source), number(fields, "macro_f1", source),
                names.stream().map(String::valueOf).toList());
    }

    private static String text(Map<?, ?> fields, String key, String source) throws MojoExecutionException {
        if (fields.get(key) instanceof String value) {
            return value;
        }
        throw new MojoExecutionException(source + ": '" + key + "' missing or not a string");
    }

    /** Numbers; also the strings NaN and Infinity, which a JSON writer may emit for an undefined metric. */
    private static double number(Map<?, ?> fields, String key, String source) throws MojoExecutionException {
        Object value = fields.get(key);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String s && s.matches("-?(NaN|Infinity)")) {
            return Double.parseDouble(s);
        }
        throw new MojoExecutionException(source + ": '" + key + "' missing or not a number"
                + (value == null ? "" : ": " + value));
    }
}

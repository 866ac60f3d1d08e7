import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How well simple classifiers tell the exercises apart for a wearer they never saw: a quick check that
 * the simulated wearers differ enough to need generalising but not so much that it becomes guesswork.
 * Windows of 40 samples every 4 (as agmel-cv.yaml cuts them), per channel mean, standard deviation,
 * minimum and maximum (24 features, standardised on the training wearers), leave-one-wearer-out,
 * scored by a nearest-centroid classifier and a multinomial logistic regression.
 *
 * <p>Usage: {@code java sample-project/simulator/SeparabilityCheck.java sample-project/recordings-wearers}
 */
public final class SeparabilityCheck {
    private static final int WINDOW = 40;
    private static final int STRIDE = 4;
    private static final int CHANNELS = 6;
    private static final Pattern WEARER = Pattern.compile("/(W[0-9]+)-");

    /** One window: its features, its exercise (class index) and the wearer who recorded it. */
    private record Sample(double[] features, int label, String wearer) {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "sample-project/recordings-wearers");
        List<String> classes;
        try (Stream<Path> dirs = Files.list(root)) {
            classes = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<Sample> samples = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            List<Path> files;
            try (Stream<Path> list = Files.list(root.resolve(classes.get(label)))) {
                files = list.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
            }
            for (Path file : files) {
                Matcher wearer = WEARER.matcher("/" + root.relativize(file).toString().replace('\\', '/'));
                if (!wearer.find()) {
                    throw new IllegalArgumentException(file + ": no wearer in the name (expected W<n>-)");
                }
                for (double[] features : windowFeatures(readAg(file))) {
                    samples.add(new Sample(features, label, wearer.group(1)));
                }
            }
        }
        Map<String, double[]> scores = new TreeMap<>();
        for (String heldOut : samples.stream().map(Sample::wearer).distinct().sorted().toList()) {
            List<Sample> train = samples.stream().filter(s -> !s.wearer().equals(heldOut)).toList();
            List<Sample> test = samples.stream().filter(s -> s.wearer().equals(heldOut)).toList();
            Standardiser standardiser = new Standardiser(train);
            double[][] trainX = train.stream().map(s -> standardiser.apply(s.features())).toArray(double[][]::new);
            int[] trainY = train.stream().mapToInt(Sample::label).toArray();
            double[][] testX = test.stream().map(s -> standardiser.apply(s.features())).toArray(double[][]::new);
            int[] testY = test.stream().mapToInt(Sample::label).toArray();
            scores.put(heldOut, new double[] {
                accuracy(nearestCentroid(trainX, trainY, classes.size()), testX, testY),
                accuracy(logisticRegression(trainX, trainY, classes.size()), testX, testY),
                test.size()});
        }
        System.out.printf(Locale.ROOT, "%d windows, %d classes; held-out wearer: nearest centroid / logistic regression%n",
                samples.size(), classes.size());
        double[] mean = new double[2];
        for (Map.Entry<String, double[]> e : scores.entrySet()) {
            double[] s = e.getValue();
            System.out.printf(Locale.ROOT, "  %s (%d windows): %.1f %% / %.1f %%%n", e.getKey(), (int) s[2], 100 * s[0], 100 * s[1]);
            mean[0] += s[0] / scores.size();
            mean[1] += s[1] / scores.size();
        }
        System.out.printf(Locale.ROOT, "  mean: %.1f %% / %.1f %%%n", 100 * mean[0], 100 * mean[1]);
    }

    /** The six values of each {@code mcu:...,} line, garbled prefix or not, as melgen reads them; halves of split lines are skipped. */
    private static List<double[]> readAg(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            String[] fields = line.strip().split(",", -1);
            if (line.startsWith("mcu:") && fields.length == CHANNELS + 1 && !fields[CHANNELS].isEmpty()) {
                double[] row = new double[CHANNELS];
                for (int c = 0; c < CHANNELS; c++) {
                    row[c] = Double.parseDouble(fields[c + 1]);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Per channel mean, standard deviation, minimum and maximum of each window. */
    private static List<double[]> windowFeatures(List<double[]> rows) {
        List<double[]> windows = new ArrayList<>();
        for (int start = 0; start + WINDOW <= rows.size(); start += STRIDE) {
            double[] f = new double[4 * CHANNELS];
            for (int c = 0; c < CHANNELS; c++) {
                double sum = 0, sumSq = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
                for (int i = start; i < start + WINDOW; i++) {
                    double v = rows.get(i)[c];
                    sum += v;
                    sumSq += v * v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                double mean = sum / WINDOW;
                f[4 * c] = mean;
                f[4 * c + 1] = Math.sqrt(Math.max(0, sumSq / WINDOW - mean * mean));
                f[4 * c + 2] = min;
                f[4 * c + 3] = max;
            }
            windows.add(f);
        }
        return windows;
    }

    /** Zero mean, unit variance per feature, measured on the training windows only. */
    private static final class Standardiser {
        private final double[] mean;
        private final double[] std;

        Standardiser(List<Sample> train) {
            int d = train.get(0).features().length;
            mean = new double[d];
            std = new double[d];
            for (Sample s : train) {
                for (int j = 0; j < d; j++) {
                    mean[j] += s.features()[j] / train.size();
                }
            }
            for (Sample s : train) {
                for (int j = 0; j < d; j++) {
                    std[j] += Math.pow(s.features()[j] - mean[j], 2) / train.size();
                }
            }
            for (int j = 0; j < d; j++) {
                std[j] = Math.sqrt(std[j]) + 1e-9;
            }
        }

        double[] apply(double[] x) {
            double[] z = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                z[j] = (x[j] - mean[j]) / std[j];
            }
            return z;
        }
    }

    /** A linear scorer: one weight row (bias last) per class; the highest score wins. */
    private static int predict(double[][] weights, double[] x) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < weights.length; k++) {
            double score = weights[k][x.length];
            for (int j = 0; j < x.length; j++) {
                score += weights[k][j] * x[j];
            }
            if (score > bestScore) {
                best = k;
                bestScore = score;
            }
        }
        return best;
    }

    private static double accuracy(double[][] weights, double[][] x, int[] y) {
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            right += predict(weights, x[i]) == y[i] ? 1 : 0;
        }
        return (double) right / x.length;
    }

    /** Nearest class mean in Euclidean distance, written as the equivalent linear scorer. */
    private static double[][] nearestCentroid(double[][] x, int[] y, int classes) {
        int d = x[0].length;
        double[][] centroid = new double[classes][d];
        int[] count = new int[classes];
        for (int i = 0; i < x.length; i++) {
            count[y[i]]++;
            for (int j = 0; j < d; j++) {
                centroid[y[i]][j] += x[i][j];
            }
        }
        double[][] weights = new double[classes][d + 1];
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < d; j++) {
                double c = centroid[k][j] / count[k];
                weights[k][j] = 2 * c;          // argmin |x-c|^2 = argmax 2 c.x - |c|^2
                weights[k][d] -= c * c;
            }
        }
        return weights;
    }

    /** Softmax regression by full-batch gradient descent with a little L2 weight decay. */
    private static double[][] logisticRegression(double[][] x, int[] y, int classes) {
        int d = x[0].length;
        double[][] weights = new double[classes][d + 1];
        double rate = 0.5;
        double decay = 1e-3;
        for (int step = 0; step < 500; step++) {
            double[][] gradient = new double[classes][d + 1];
            for (int i = 0; i < x.length; i++) {
                double[] p = new double[classes];
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    p[k] = weights[k][d];
                    for (int j = 0; j < d; j++) {
                        p[k] += weights[k][j] * x[i][j];
                    }
                    max = Math.max(max, p[k]);
                }
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    p[k] = Math.exp(p[k] - max);
                    sum += p[k];
                }
                for (int k = 0; k < classes; k++) {
                    double error = p[k] / sum - (y[i] == k ? 1 : 0);
                    for (int j = 0; j < d; j++) {
                        gradient[k][j] += error * x[i][j] / x.length;
                    }
                    gradient[k][d] += error / x.length;
                }
            }
            for (int k = 0; k < classes; k++) {
                for (int j = 0; j <= d; j++) {
                    weights[k][j] -= rate * (gradient[k][j] + (j < d ? decay * weights[k][j] : 0));
                }
            }
        }
        return weights;
    }
}

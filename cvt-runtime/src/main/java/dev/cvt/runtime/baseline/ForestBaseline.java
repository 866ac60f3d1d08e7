package dev.cvt.runtime.baseline;

import dev.cvt.runtime.CvtException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The classical baseline beside the deep model: a random forest (Tribuo: 100 CART trees, Gini, each
 * split choosing among √features random features, fully grown, majority vote) on the
 * {@link WindowStatistics} of melgen's raw windows. Trained on one split and scored on another; seeded,
 * so the same data and seed give the same predictions. When the model barely beats it, the spectrograms
 * and the CvT do not earn their cost.
 */
public final class ForestBaseline {
    public static final int TREES = 100;
    public static final String METHOD = "random_forest(" + TREES + " trees, window statistics)";
    /** Tribuo logs a line per tree to java.util.logging; held here so the level set on it stays (loggers are weakly kept). */
    private static final Logger TRIBUO = Logger.getLogger("org.tribuo");

    static {
        TRIBUO.setLevel(Level.WARNING);
    }

    private ForestBaseline() {
    }

    /** Why the baseline cannot run on these splits (no raw windows), or empty when it can. */
    public static Optional<String> unavailable(Path datasetRoot, String trainSet, String evalSet, List<String> classNames) {
        Optional<String> train = RawWindows.missing(datasetRoot, trainSet, classNames);
        return train.isPresent() ? train : RawWindows.missing(datasetRoot, evalSet, classNames);
    }

    /**
     * Trains on {@code trainSet}'s raw windows and predicts every window of {@code evalSet}. A class with
     * no training windows is never predicted. Fails with a {@link CvtException} where {@link #unavailable}
     * gives a reason, or where the windows' channel counts differ.
     */
    public static BaselineResult evaluate(Path datasetRoot, String trainSet, String evalSet, List<String> classNames, long seed) {
        unavailable(datasetRoot, trainSet, evalSet, classNames).ifPresent(reason -> {
            throw new CvtException("the random-forest baseline cannot run: " + reason);
        });
        List<RawWindows.Window> train = RawWindows.read(datasetRoot, trainSet, classNames);
        List<RawWindows.Window> eval = RawWindows.read(datasetRoot, evalSet, classNames);
        int channels = train.get(0).channels();
        String[] features = WindowStatistics.names(channels).toArray(String[]::new);
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance(trainSet, labels), labels);
        for (RawWindows.Window w : train) {
            data.add(new ArrayExample<>(new Label(classNames.get(w.label())), features, statistics(w, channels)));
        }
        // √features per split decorrelates the trees (Breiman's default for classification)
        float featureFraction = (float) (Math.sqrt(features.length) / features.length);
        CARTClassificationTrainer tree = new CARTClassificationTrainer(Integer.MAX_VALUE, 1f, 0f, featureFraction, false,
                new GiniIndex(), seed);
        Model<Label> forest = new RandomForestTrainer<>(tree, new VotingCombiner(), TREES, seed).train(data);

        List<BaselineResult.Prediction> predictions = new ArrayList<>();
        for (RawWindows.Window w : eval) {
            Prediction<Label> p = forest.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, features,
                    statistics(w, channels)));
            predictions.add(prediction(w, p.getOutputScores(), classNames));
        }
        return new BaselineResult(METHOD, List.copyOf(classNames), train.size(), predictions);
    }

    private static double[] statistics(RawWindows.Window w, int channels) {
        if (w.channels() != channels) {
            throw new CvtException(w.file() + ": has " + w.channels()
                    + " channels, the first training window " + channels + ": the baseline needs one channel count");
        }
        return w.statistics();
    }

    /** The vote shares as a probability per class (0 for classes the forest never saw) and the top class. */
    private static BaselineResult.Prediction prediction(RawWindows.Window w, Map<String, Label> scores, List<String> classNames) {
        float[] probabilities = new float[classNames.size()];
        int predicted = 0;
        for (int c = 0; c < classNames.size(); c++) {
            Label score = scores.get(classNames.get(c));
            probabilities[c] = score == null ? 0 : (float) score.getScore();
            predicted = probabilities[c] > probabilities[predicted] ? c : predicted;
        }
        return new BaselineResult.Prediction(w.id(), w.label(), predicted, probabilities);
    }
}

package dev.cvt.runtime.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.Folders;
import dev.cvt.runtime.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A trained model on disk: DJL's {@code <name>-0000.params} plus {@code <name>.yaml}, a sidecar with
 * everything needed to rebuild and feed it (the backbone's name and spec, class names, image size,
 * normalisation).
 * Both files are written beside the target and renamed into place.
 */
public final class ModelFiles {
    static final int FORMAT = 1;

    private ModelFiles() {
    }

    /**
     * What a model needs besides its weights, and where it comes from.
     *
     * @param fingerprint the hash of the training fingerprint of the run that trained it; empty for models
     *                    saved before fingerprints existed
     */
    public record Info(ClassifierSpec spec, List<String> classes, int width, int height, List<Double> mean, List<Double> std,
                       String fingerprint) {
    }

    public static void save(Model model, Info info, Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Path staging = Folders.createUniqueDirectory(dir, "." + name + ".saving-");
            try {
                model.save(staging, name);
                Map<String, Object> sidecar = new LinkedHashMap<>();
                sidecar.put("format", FORMAT);
                sidecar.put("classes", info.classes());
                sidecar.put("image_size", List.of(info.width(), info.height()));
                sidecar.put("mean", info.mean());
                sidecar.put("std", info.std());
                sidecar.put("config", info.spec().toConfigTree());
                sidecar.put("fingerprint", info.fingerprint());
                DumperOptions options = new DumperOptions();
                options.setDefaultFlowStyle(DumperOptions.FlowStyle.AUTO);
                Files.writeString(staging.resolve(name + ".yaml"), new Yaml(options).dump(sidecar), StandardCharsets.UTF_8);
                for (String file : List.of(name + "-0000.params", name + ".yaml")) {
                    Files.move(staging.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                try (var left = Files.list(staging)) {
                    for (Path p : left.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(staging);
            }
        } catch (IOException e) {
            throw new CvtException(dir.resolve(name) + ": cannot save the model (" + e.getMessage() + ")", e);
        }
    }

    /** The sidecar of a saved model, read and checked. */
    @SuppressWarnings("unchecked")
    public static Info info(Path dir, String name) {
        Path file = dir.resolve(name + ".yaml");
        Map<String, Object> sidecar;
        try {
            sidecar = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CvtException(file + ": cannot read the model description (" + e.getMessage() + ")");
        }
        if (sidecar == null || !Integer.valueOf(FORMAT).equals(sidecar.get("format"))) {
            throw new CvtException(file + ": not a cvt model description (format " + FORMAT + ")");
        }
        try {
            // sidecars from before MODEL.NAME existed name no backbone: the loader's default, cls_cvt
            ClassifierSpec spec = ClassifierSpec.from(ConfigLoader.fromTree((Map<String, Object>) sidecar.get("config"), file.toString()));
            List<Integer> size = (List<Integer>) sidecar.get("image_size");
            return new Info(spec, (List<String>) sidecar.get("classes"), size.get(0), size.get(1),
                    numbers(sidecar.get("mean")), numbers(sidecar.get("std")), (String) sidecar.getOrDefault("fingerprint", ""));
        } catch (ClassCastException | NullPointerException | IndexOutOfBoundsException e) {
            throw new CvtException(file + ": damaged model description (" + e + ")");
        }
    }

    private static List<Double> numbers(Object list) {
        return ((List<?>) list).stream().map(v -> ((Number) v).doubleValue()).toList();
    }

    /** Rebuilds the model of {@code dir/name} and loads its weights; the caller closes it. */
    public static Model load(Path dir, String name, Device device) {
        Info info = info(dir, name);
        Model model = Model.newInstance(name, device);
        MultiViewClassifier block = new MultiViewClassifier(info.spec());
        model.setBlock(block);
        try {
            block.initialize(model.getNDManager(), DataType.FLOAT32, block.inputShape(1, info.height(), info.width()));
            model.load(dir, name);
            return model;
        } catch (IOException | MalformedModelException e) {
            model.close();
            throw new CvtException(dir.resolve(name + "-0000.params") + ": cannot load the model weights (" + e.getMessage() + ")", e);
        }
    }
}

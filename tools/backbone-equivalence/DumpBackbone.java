// Builds a single-view MultiViewClassifier from config overrides, gives every parameter random values
// (norm weights and biases, BatchNorm running statistics, tokens and position embeddings too), and dumps
// the parameters, a fixed input, eval logits (and those of the inference form where the backbone has
// one: UniRepLKNet folded), the train-mode outputs (one per head), the cross-entropy
// loss (the mean over the heads), every parameter's gradient and the BatchNorm running statistics after
// the train-mode pass, as .npy files plus index.json and meta.yaml (the resolved MODEL.SPEC).
//
//   java -cp cvt-runtime/target/cvt-runtime.jar tools/backbone-equivalence/DumpBackbone.java \
//        OUT_DIR BUILD_HxW RUN_HxW KEY VALUE...
//
// BUILD is the image size the model is built (initialised) for, RUN the size of the input it is fed.

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import dev.cvt.runtime.model.ClassifierSpec;
import dev.cvt.runtime.model.Engines;
import dev.cvt.runtime.model.MultiViewClassifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.yaml.snakeyaml.Yaml;

public class DumpBackbone {
    static final int BATCH = 4;

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int[] build = size(args[1]);
        int[] run = size(args[2]);
        List<String> overrides = new ArrayList<>(List.of("DATASET.DATASET", "imagenet", "DATASET.NUM_DIMS", "1", "MODEL.NUM_CLASSES", "3"));
        overrides.addAll(List.of(args).subList(3, args.length));
        ExperimentConfig config = ConfigLoader.defaults(overrides);
        ClassifierSpec spec = ClassifierSpec.from(config);
        Engine engine = Engines.pytorch(1);
        Files.createDirectories(out.resolve("params"));
        Files.createDirectories(out.resolve("grads"));
        Files.createDirectories(out.resolve("running_after_train"));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", spec.name());
        meta.put("spec", config.section("MODEL.SPEC"));
        meta.put("classes", spec.numClasses());
        meta.put("build", List.of(build[0], build[1]));
        meta.put("run", List.of(run[0], run[1]));
        Files.writeString(out.resolve("meta.yaml"), new Yaml().dump(meta));
        try (NDManager manager = engine.newBaseManager()) {
            MultiViewClassifier block = new MultiViewClassifier(spec);
            block.initialize(manager, DataType.FLOAT32, block.inputShape(2, build[0], build[1]));
            Random rnd = new Random(1234);
            StringBuilder index = new StringBuilder("{\n  \"params\": [\n");
            boolean first = true;
            for (Pair<String, Parameter> p : block.getParameters()) {
                String name = p.getKey();
                NDArray arr = p.getValue().getArray();
                float[] values = randomValues(name, arr.getShape(), rnd);
                arr.set(FloatBuffer.wrap(values));
                writeNpy(out.resolve("params").resolve(name + ".npy"), arr.getShape(), values);
                index.append(first ? "" : ",\n").append("    {\"name\": \"").append(name).append("\", \"shape\": ")
                        .append(shapeJson(arr.getShape())).append(", \"requires_grad\": ")
                        .append(p.getValue().requiresGradient()).append("}");
                first = false;
            }
            index.append("\n  ]\n}\n");
            Files.writeString(out.resolve("index.json"), index.toString());

            Shape inShape = block.inputShape(BATCH, run[0], run[1]);
            float[] xs = new float[(int) inShape.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = (float) rnd.nextGaussian();
            }
            float[] labels = new float[BATCH];
            for (int i = 0; i < BATCH; i++) {
                labels[i] = i % spec.numClasses();
            }
            writeNpy(out.resolve("input.npy"), inShape, xs);
            writeNpy(out.resolve("labels.npy"), new Shape(BATCH), labels);

            NDArray x = manager.create(xs, inShape);
            NDArray eval = block.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            write(out.resolve("logits_eval.npy"), eval);
            // a backbone with an inference form of its own (UniRepLKNet folded): its eval logits too
            MultiViewClassifier inference = block.inferenceForm(manager);
            if (inference != block) {
                write(out.resolve("logits_inference_form.npy"),
                        inference.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow());
            }

            // train mode (drop rates are 0, so only BatchNorm behaves differently): every head on the labels
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                }
            }
            NDArray y = manager.create(labels, new Shape(BATCH));
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDList heads = block.forward(new ParameterStore(manager, false), new NDList(x), true);
                NDArray loss = null;
                for (int h = 0; h < heads.size(); h++) {
                    write(out.resolve("logits_train_" + h + ".npy"), heads.get(h));
                    NDArray l = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(heads.get(h)));
                    loss = loss == null ? l : loss.add(l);
                }
                loss = loss.div(heads.size());
                gc.backward(loss);
                writeNpy(out.resolve("loss_train.npy"), new Shape(1), new float[] {loss.getFloat()});
            }
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray arr = p.getValue().getArray();
                if (p.getValue().requiresGradient() && arr.hasGradient()) {
                    write(out.resolve("grads").resolve(p.getKey() + ".npy"), arr.getGradient());
                }
                if (p.getKey().endsWith("runningMean") || p.getKey().endsWith("runningVar")) {
                    write(out.resolve("running_after_train").resolve(p.getKey() + ".npy"), arr);
                }
            }
            System.out.println(out + ": " + spec.name() + " built for " + args[1] + ", fed " + args[2] + "; eval logits " + eval.getShape());
        }
    }

    static int[] size(String hxw) {
        String[] parts = hxw.split("x");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    static void write(Path path, NDArray a) throws IOException {
        writeNpy(path, a.getShape(), a.toFloatArray());
    }

    /** Random but well-conditioned values for every kind of parameter, so that nothing is a trivial 0/1. */
    static float[] randomValues(String name, Shape shape, Random rnd) {
        float[] v = new float[(int) shape.size()];
        String lower = name.toLowerCase();
        for (int i = 0; i < v.length; i++) {
            double u = rnd.nextDouble() * 2 - 1;
            if (lower.endsWith("runningvar")) {
                v[i] = (float) (1 + 0.5 * u);
            } else if (lower.endsWith("gamma")) {
                v[i] = (float) (1 + 0.3 * u);
            } else if (shape.dimension() >= 2 && !lower.endsWith("cls_token")) {
                double fanIn = (double) shape.size() / shape.get(0);
                v[i] = (float) (u * Math.sqrt(3.0 / fanIn));
            } else {
                v[i] = (float) (0.3 * u);
            }
        }
        return v;
    }

    static String shapeJson(Shape s) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < s.dimension(); i++) {
            b.append(i == 0 ? "" : ", ").append(s.get(i));
        }
        return b.append("]").toString();
    }

    static void writeNpy(Path path, Shape shape, float[] data) throws IOException {
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.dimension(); i++) {
            dims.append(shape.get(i)).append(shape.dimension() == 1 ? "," : (i + 1 < shape.dimension() ? ", " : ""));
        }
        dims.append(")");
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + dims + ", }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buf = ByteBuffer.allocate(10 + h.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) h.length).put(h);
        for (float f : data) {
            buf.putFloat(f);
        }
        Files.write(path, buf.array());
    }
}

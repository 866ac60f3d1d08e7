// Builds a tiny single-view MultiViewCvt, randomises every parameter, and dumps parameters, a fixed input,
// eval logits, train-mode logits, the cross-entropy loss, every parameter's gradient and the BatchNorm
// running statistics after the training-mode pass, as .npy files plus index.json.
//
//   java -cp cvt-runtime/target/cvt-runtime.jar tools/cvt-equivalence/DumpCvt.java OUT_DIR METHOD [METHOD...]
//
// One sub-folder OUT_DIR/METHOD per QKV_PROJ_METHOD (dw_bn, avg, linear).

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
import dev.cvt.runtime.model.CvtSpec;
import dev.cvt.runtime.model.Engines;
import dev.cvt.runtime.model.MultiViewCvt;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

public class DumpCvt {
    static final int BATCH = 4;
    static final int SIDE = 32;
    static final int CLASSES = 3;

    static CvtSpec spec(String method) {
        List<String> o = List.of(
                "DATASET.DATASET", "imagenet", "DATASET.NUM_DIMS", "1", "MODEL.NUM_CLASSES", String.valueOf(CLASSES),
                "MODEL.SPEC.NUM_STAGES", "2", "MODEL.SPEC.PATCH_SIZE", "[7, 3]", "MODEL.SPEC.PATCH_STRIDE", "[4, 2]",
                "MODEL.SPEC.PATCH_PADDING", "[2, 1]", "MODEL.SPEC.DIM_EMBED", "[16, 32]", "MODEL.SPEC.NUM_HEADS", "[1, 2]",
                "MODEL.SPEC.DEPTH", "[1, 2]", "MODEL.SPEC.MLP_RATIO", "[4.0, 4.0]", "MODEL.SPEC.ATTN_DROP_RATE", "[0.0, 0.0]",
                "MODEL.SPEC.DROP_RATE", "[0.0, 0.0]", "MODEL.SPEC.DROP_PATH_RATE", "[0.0, 0.0]",
                "MODEL.SPEC.QKV_BIAS", "[true, true]", "MODEL.SPEC.CLS_TOKEN", "[false, true]",
                "MODEL.SPEC.POS_EMBED", "[false, false]",
                "MODEL.SPEC.QKV_PROJ_METHOD", "[" + method + ", " + method + "]", "MODEL.SPEC.KERNEL_QKV", "[3, 3]",
                "MODEL.SPEC.PADDING_KV", "[1, 1]", "MODEL.SPEC.STRIDE_KV", "[2, 2]", "MODEL.SPEC.PADDING_Q", "[1, 1]",
                "MODEL.SPEC.STRIDE_Q", "[1, 1]");
        return CvtSpec.from(ConfigLoader.defaults(new ArrayList<>(o)));
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Engine engine = Engines.pytorch(1);
        for (int a = 1; a < args.length; a++) {
            run(engine, args[a], root.resolve(args[a]));
        }
    }

    static void run(Engine engine, String method, Path out) throws IOException {
        Files.createDirectories(out.resolve("params"));
        Files.createDirectories(out.resolve("grads"));
        Files.createDirectories(out.resolve("running_after_train"));
        try (NDManager manager = engine.newBaseManager()) {
            MultiViewCvt block = new MultiViewCvt(spec(method));
            block.initialize(manager, DataType.FLOAT32, block.inputShape(2, SIDE, SIDE));
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

            Shape inShape = block.inputShape(BATCH, SIDE, SIDE);
            float[] xs = new float[(int) inShape.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = (float) rnd.nextGaussian();
            }
            float[] labels = new float[BATCH];
            for (int i = 0; i < BATCH; i++) {
                labels[i] = i % CLASSES;
            }
            writeNpy(out.resolve("input.npy"), inShape, xs);
            writeNpy(out.resolve("labels.npy"), new Shape(BATCH), labels);

            NDArray x = manager.create(xs, inShape);
            // eval
            NDArray eval = block.forward(new ParameterStore(manager, false), new NDList(x), false).head();
            writeNpy(out.resolve("logits_eval.npy"), eval.getShape(), eval.toFloatArray());

            dumpIntermediates(block, manager, x, out);

            // train-mode forward + backward (drop rates are 0, so only BatchNorm behaves differently)
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                }
            }
            NDArray y = manager.create(labels, new Shape(BATCH));
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray train = block.forward(new ParameterStore(manager, false), new NDList(x), true).head();
                NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(train));
                gc.backward(loss);
                writeNpy(out.resolve("logits_train.npy"), train.getShape(), train.toFloatArray());
                writeNpy(out.resolve("loss_train.npy"), new Shape(1), new float[] {loss.getFloat()});
            }
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray arr = p.getValue().getArray();
                if (p.getValue().requiresGradient() && arr.hasGradient()) {
                    NDArray g = arr.getGradient();
                    writeNpy(out.resolve("grads").resolve(p.getKey() + ".npy"), g.getShape(), g.toFloatArray());
                }
                if (p.getKey().endsWith("runningMean") || p.getKey().endsWith("runningVar")) {
                    writeNpy(out.resolve("running_after_train").resolve(p.getKey() + ".npy"), arr.getShape(), arr.toFloatArray());
                }
            }
            System.out.println(method + ": dumped to " + out + "; eval logits " + eval.getShape());
        }
    }

    /**
     * Eval-mode intermediate outputs, through the public Block API only (child blocks by name):
     * stage 0's patch embedding tokens, stage 0 block 0's attention output attn(norm1(tokens)), and each
     * stage's outputs (token grid, cls token).
     */
    static void dumpIntermediates(MultiViewCvt block, NDManager manager, NDArray x, Path out) throws IOException {
        Path dir = out.resolve("intermediate");
        Files.createDirectories(dir);
        ParameterStore ps = new ParameterStore(manager, false);
        ai.djl.nn.Block backbone = child(block, "backbone");
        NDList cur = new NDList(x);
        for (int i = 0; ; i++) {
            ai.djl.nn.Block stage = child(backbone, "stage" + i);
            if (stage == null) {
                break;
            }
            if (i == 0) {
                NDArray tokens = child(stage, "patch_embed").forward(ps, cur, false).head();
                write(dir.resolve("stage0_patch_embed.npy"), tokens);
            }
            NDList res = stage.forward(ps, new NDList(cur.head()), false); // sets the attention grids
            if (i == 0) {
                NDArray tokens = child(stage, "patch_embed").forward(ps, cur, false).head();
                ai.djl.nn.Block b0 = child(stage, "block0");
                NDArray normed = child(b0, "norm1").forward(ps, new NDList(tokens), false).head();
                write(dir.resolve("stage0_block0_attn.npy"), child(b0, "attn").forward(ps, new NDList(normed), false).head());
            }
            write(dir.resolve("stage" + i + "_grid.npy"), res.get(0));
            if (res.size() > 1) {
                write(dir.resolve("stage" + i + "_cls.npy"), res.get(1));
            }
            cur = res;
        }
    }

    static ai.djl.nn.Block child(ai.djl.nn.Block parent, String name) {
        for (Pair<String, ai.djl.nn.Block> c : parent.getChildren()) {
            if (c.getKey().replaceFirst("^\\d+", "").equals(name)) {
                return c.getValue();
            }
        }
        return null;
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

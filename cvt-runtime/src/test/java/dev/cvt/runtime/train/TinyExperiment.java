package dev.cvt.runtime.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A tiny two-view image dataset (class "down" bright at the bottom, class "up" bright at the top, with
 * noise) and an experiment file with a tiny CvT, for training tests that take seconds.
 */
final class TinyExperiment {
    private TinyExperiment() {
    }

    /** Writes {@code dir/data/<split>/<class>/dim1..2/<i>.png} and {@code dir/tiny.yaml}; returns the YAML. */
    static Path write(Path dir) throws IOException {
        Random random = new Random(42);
        for (String split : List.of("train", "val")) {
            int count = split.equals("train") ? 24 : 8;
            for (String cls : List.of("down", "up")) {
                for (int view = 1; view <= 2; view++) {
                    Files.createDirectories(dir.resolve("data").resolve(split).resolve(cls).resolve("dim" + view));
                }
                for (int i = 0; i < count; i++) {
                    for (int view = 1; view <= 2; view++) {
                        BufferedImage image = new BufferedImage(24, 20, BufferedImage.TYPE_INT_RGB);
                        for (int y = 0; y < 20; y++) {
                            boolean bright = cls.equals("up") ? y < 10 : y >= 10;
                            for (int x = 0; x < 24; x++) {
                                int v = Math.max(0, Math.min(255, (bright ? 170 : 70) + (int) (random.nextGaussian() * 40)));
                                image.setRGB(x, y, (v << 16) | ((255 - v) << 8) | (view * 60));
                            }
                        }
                        ImageIO.write(image, "png", dir.resolve("data").resolve(split).resolve(cls).resolve("dim" + view)
                                .resolve(i + ".png").toFile());
                    }
                }
            }
        }
        String yaml = """
                OUTPUT_DIR: 'out'
                PRINT_FREQ: 2
                WORKERS: 2
                THREADS: 1
                MODEL:
                  NAME: cls_cvt
                  NUM_CLASSES: 2
                  SPEC:
                    NUM_STAGES: 2
                    PATCH_SIZE: [3, 3]
                    PATCH_STRIDE: [2, 2]
                    PATCH_PADDING: [1, 1]
                    DIM_EMBED: [8, 16]
                    NUM_HEADS: [1, 2]
                    DEPTH: [1, 1]
                    MLP_RATIO: [2.0, 2.0]
                    ATTN_DROP_RATE: [0.0, 0.0]
                    DROP_RATE: [0.0, 0.0]
                    DROP_PATH_RATE: [0.0, 0.1]
                    QKV_BIAS: [true, true]
                    CLS_TOKEN: [false, true]
                    POS_EMBED: [false, false]
                    QKV_PROJ_METHOD: ['dw_bn', 'dw_bn']
                    KERNEL_QKV: [3, 3]
                    PADDING_KV: [1, 1]
                    STRIDE_KV: [2, 2]
                    PADDING_Q: [1, 1]
                    STRIDE_Q: [1, 1]
                DATASET:
                  DATASET: 'multidim_imagenet'
                  ROOT: 'data'
                  NUM_DIMS: 2
                  DATA_FORMAT: 'png'
                INPUT:
                  MEAN: auto
                  STD: auto
                AUG:
                  SPEC_AUGMENT: true
                  MIXUP: 0.2
                  MIXUP_PROB: 0.5
                LOSS:
                  LABEL_SMOOTHING: 0.1
                TRAIN:
                  BATCH_SIZE_PER_GPU: 8
                  END_EPOCH: 3
                  LR: 0.003
                  CLIP_GRAD_NORM: 1.0
                  OPTIMIZER: adamW
                  WD: 0.05
                  WITHOUT_WD_LIST: ['bn', 'bias', 'ln']
                  IMAGE_SIZE: [16, 16]
                  EMA_DECAY: 0.5
                  LR_SCHEDULER:
                    METHOD: 'timm'
                    ARGS:
                      sched: 'cosine'
                      warmup_epochs: 1
                      warmup_lr: 0.0005
                      min_lr: 0.0001
                TEST:
                  BATCH_SIZE_PER_GPU: 8
                  IMAGE_SIZE: [16, 16]
                  CENTER_CROP: false
                """;
        Path file = dir.resolve("tiny.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}

package dev.cvt.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** A separable toy problem for training tests. */
public final class ToyData {
    private ToyData() {
    }

    /** A separable toy batch: class 1 images are bright in the top half, class 0 in the bottom half. */
    public static NDList batch(NDManager manager, Shape input) {
        long b = input.get(0);
        NDArray labels = manager.arange(0, (int) b).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mod(2);
        long h = input.get(input.dimension() - 2);
        NDArray rows = manager.arange(0, (int) h).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).lt(h / 2.0f)
                .toType(ai.djl.ndarray.types.DataType.FLOAT32, false).reshape(h, 1);
        Shape perSample = new Shape(1).addAll(input.slice(1));
        NDArray images = manager.randomNormal(0, 0.3f, input, ai.djl.ndarray.types.DataType.FLOAT32);
        for (long i = 0; i < b; i++) {
            NDArray pattern = i % 2 == 1 ? rows : rows.neg().add(1);
            images.set(new ai.djl.ndarray.index.NDIndex(i), images.get(i).add(pattern.broadcast(perSample.slice(1))));
        }
        return new NDList(images, labels);
    }

}

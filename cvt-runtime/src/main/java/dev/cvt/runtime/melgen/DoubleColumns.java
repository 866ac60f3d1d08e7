package dev.cvt.runtime.melgen;

import java.util.Arrays;

/** Growable columns of doubles, filled row by row while a file is read. */
final class DoubleColumns {
    private double[][] data;
    private int size;

    DoubleColumns(int columns) {
        data = new double[columns][256];
    }

    void add(double[] row) {
        if (size == data[0].length) {
            for (int c = 0; c < data.length; c++) {
                data[c] = Arrays.copyOf(data[c], size * 2);
            }
        }
        for (int c = 0; c < data.length; c++) {
            data[c][size] = row[c];
        }
        size++;
    }

    int size() {
        return size;
    }

    double[][] toArrays() {
        double[][] out = new double[data.length][];
        for (int c = 0; c < data.length; c++) {
            out[c] = Arrays.copyOf(data[c], size);
        }
        return out;
    }
}

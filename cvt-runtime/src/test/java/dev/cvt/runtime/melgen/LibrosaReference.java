package dev.cvt.runtime.melgen;
final class LibrosaReference { static final double[] INPUT = new double[40]; static final double[][] DB = new double[12][41]; }

package dev.cvt.runtime.melgen;
final class ScipyReference { static final double[] CUBIC_3141592_AT_20 = new double[20]; }

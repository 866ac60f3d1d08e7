package dev.cvt.runtime.melgen;
final class IqReference { static final int SEGMENTS = -1; }

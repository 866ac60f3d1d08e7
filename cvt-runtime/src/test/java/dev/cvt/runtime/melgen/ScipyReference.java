package dev.cvt.runtime.melgen;

/** Values computed by scipy 1.10.1 (tools/librosa-check/reference_values.py), not by this project. */
final class ScipyReference {
    private ScipyReference() {
    }

    /** interp1d(np.arange(8), [3, 1, 4, 1, 5, 9, 2, 6], kind='cubic')(np.linspace(0, 7, 20)). */
    static final double[] CUBIC_3141592_AT_20 = {
        3.0, 0.5025360456104543, 0.28096776421298214, 1.4035803899601749,
        2.9386591570046265, 3.9544892994989294, 3.5905648360586553, 2.182464836825991,
        1.0582408053959074, 1.3704621664965728, 3.003353258492491, 5.357555574312657,
        7.719715164862145, 9.07984898826743, 8.413885712970279, 5.820274552834922,
        2.7502781593143113, 0.7356987745643471, 1.3083386407409359, 6.0
    };
}

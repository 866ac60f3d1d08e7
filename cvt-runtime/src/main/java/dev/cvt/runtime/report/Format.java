package dev.cvt.runtime.report;

import java.util.Locale;

/** How figures read on the page; every formatter shows an unknown value as an em dash. */
final class Format {
    static final String UNKNOWN = "\u2014";

    private Format() {
    }

    /** Scores in percent, two decimals, as the quality gate messages: {@code 97.37 %}. */
    static String percent(Double value) {
        return known(value) ? String.format(Locale.ROOT, "%.2f %%", value) : UNKNOWN;
    }

    static String decimals(Double value, int decimals) {
        return known(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : UNKNOWN;
    }

    /** A probability (0..1) as a percentage with one decimal. */
    static String probability(double p) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * p);
    }

    /** Wall time: {@code 42.0 s}, {@code 3 min 05 s}, {@code 2 h 07 min}. */
    static String duration(Double seconds) {
        if (!known(seconds)) {
            return UNKNOWN;
        }
        long s = Math.round(seconds);
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }

    /** A value that is missing from the run's files shows as a dash. */
    static String text(String value) {
        return value == null || value.isBlank() ? UNKNOWN : value;
    }

    /**
     * An axis tick: as many decimals as the tick step needs, or the short scientific form
     * ({@code 2e-5}) for the small steps of learning rates.
     */
    static String tick(double value, double step) {
        if (Math.abs(value) < step / 1e6) {
            return "0";
        }
        if (step < 1e-3) {
            String s = String.format(Locale.ROOT, "%.1e", value).replace(".0e", "e");
            return s.replaceFirst("e([-+])0*(\\d)", "e$1$2").replace("e+", "e");
        }
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static boolean known(Double value) {
        return value != null && Double.isFinite(value);
    }
}

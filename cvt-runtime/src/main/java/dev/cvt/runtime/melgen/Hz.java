package dev.cvt.runtime.melgen;

import java.math.BigDecimal;
import java.math.MathContext;

/** Frequencies and rates in messages: six significant digits, no trailing zeros ({@code 8000}, {@code 12.5}). */
final class Hz {
    private Hz() {
    }

    static String format(double value) {
        return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}

package dev.cvt.runtime.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the valid key nearest to a misspelt one, for "did you mean ...?" hints. */
final class KeySuggester {
    private KeySuggester() {
    }

    /** The candidate closest to {@code wrong} by edit distance, if it is close enough to be a plausible typo. */
    static Optional<String> nearest(String wrong, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String w = wrong.toUpperCase(Locale.ROOT);
        for (String candidate : candidates) {
            int d = distance(w, candidate.toUpperCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        // beyond about a third of the word the "suggestion" is noise
        if (best == null || bestDistance > Math.max(2, wrong.length() / 3)) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}

package dev.cvt.runtime.data;

import dev.cvt.runtime.CsvFiles;
import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.Sha256;
import dev.cvt.runtime.melgen.Melgen;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/**
 * The identity of one split's data, part of a training fingerprint and of an evaluation. A dataset
 * split written by melgen is identified by melgen's own fingerprint (the recordings and config it was
 * made from, {@code fingerprint.sha256} in its root) plus the list of samples; any other by the name,
 * size and content of every sample file.
 *
 * @param split   the split's folder name
 * @param samples how many samples it has
 * @param source  {@code melgen} or {@code files}: what the hash covers
 * @param hash    SHA-256, hex
 */
public record DataFingerprint(String split, int samples, String source, String hash) {

    public static DataFingerprint of(Path root, String split, MultiViewFolder.Listing listing) {
        MessageDigest digest = Sha256.digest();
        Sha256.line(digest, "classes " + listing.classes());
        Path marker = root.resolve(Melgen.FINGERPRINT_FILE);
        boolean melgen = Files.isRegularFile(marker) && writtenByMelgen(root, split);
        try {
            if (melgen) {
                Sha256.line(digest, "melgen " + Files.readString(marker, StandardCharsets.US_ASCII).trim());
            }
            for (MultiViewFolder.Sample sample : listing.samples()) {
                Sha256.line(digest, sample.label() + " " + sample.id());
                if (melgen) {
                    continue;
                }
                for (Path view : sample.views()) {
                    Sha256.line(digest, Files.size(view) + " " + view.getFileName());
                    Sha256.file(digest, view);
                }
            }
        } catch (IOException e) {
            throw new CvtException(root.resolve(split) + ": cannot read the data to fingerprint it (" + e.getMessage() + ")", e);
        }
        return new DataFingerprint(split, listing.samples().size(), melgen ? "melgen" : "files",
                Sha256.hex(digest));
    }

    /** Whether melgen wrote this split: it is in melgen's counts.csv (a split added by hand beside them is not). */
    private static boolean writtenByMelgen(Path root, String split) {
        List<List<String>> counts = CsvFiles.readIfPresent(root.resolve(Melgen.COUNTS_FILE));
        return counts != null && counts.stream().skip(1).anyMatch(row -> !row.isEmpty() && row.get(0).equals(split));
    }

    /** What changed from {@code earlier}, for the log: the sample count, or the content. */
    public String changeFrom(DataFingerprint earlier) {
        if (!split.equals(earlier.split)) {
            return "split '" + earlier.split + "' -> '" + split + "'";
        }
        if (samples != earlier.samples) {
            return "'" + split + "' " + earlier.samples + " -> " + samples + " samples";
        }
        return "'" + split + "' content changed (" + samples + " samples)";
    }

}

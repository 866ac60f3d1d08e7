package dev.cvt.runtime.melgen;

import dev.cvt.runtime.config.ExperimentConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A content hash of everything a dataset is made from: the engine version, the effective config
 * and every recording's bytes. Equal hashes mean the dataset on disk is already what a run would write.
 */
final class Fingerprint {
    private Fingerprint() {
    }

    static String of(ExperimentConfig config, MelgenSpec spec) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String version = Melgen.class.getPackage().getImplementationVersion();
            digest.update(("cvt-runtime " + version + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(config.toYaml().getBytes(StandardCharsets.UTF_8));
            byte[] buffer = new byte[64 * 1024];
            for (MelgenSpec.ClassSpec c : spec.classes()) {
                for (MelgenSpec.RecordingSpec r : c.recordings()) {
                    for (int f = 0; f < r.files().size(); f++) {
                        digest.update(("\n" + r.names().get(f) + "\n").getBytes(StandardCharsets.UTF_8));
                        try (InputStream in = Files.newInputStream(r.files().get(f))) {
                            for (int n; (n = in.read(buffer)) > 0; ) {
                                digest.update(buffer, 0, n);
                            }
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new InputException("cannot read a recording to fingerprint it (" + e.getMessage() + ")");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean matches(Path marker, String fingerprint) {
        try {
            return Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.US_ASCII).trim().equals(fingerprint);
        } catch (IOException e) {
            return false;
        }
    }
}

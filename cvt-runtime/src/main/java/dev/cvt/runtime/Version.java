package dev.cvt.runtime;

/** This runtime's version, a part of every fingerprint: outputs of another version are not up to date. */
public final class Version {
    private Version() {
    }

    /** The jar manifest's Implementation-Version; {@code development} when run from class folders (tests, an IDE). */
    public static String runtime() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version != null ? version : "development";
    }
}

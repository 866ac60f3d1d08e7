package dev.cvt.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"cvt-ag-dim6.yaml", "cvt-iq-dim2.yaml", "cvt-13-224x224.yaml"})
    void originalExperimentFilesLoadUnchanged(String name) {
        Path file = SharedData.require("seed-configs/" + name);
        ExperimentConfig config = ConfigLoader.load(file, List.of());
        assertEquals("cls_cvt", config.string("MODEL.NAME"));
        assertEquals(List.of(64, 192, 384), config.list("MODEL.SPEC.DIM_EMBED"));
        assertEquals(0.00025, config.number("TRAIN.LR"));
        assertEquals(0.1, config.number("LOSS.LABEL_SMOOTHING"));
        assertEquals("timm", config.section("TRAIN.LR_SCHEDULER").get("METHOD"));
        // keys the files omit come from the defaults
        assertEquals(0.9, config.number("TRAIN.MOMENTUM"));
        assertEquals(List.of(0.485, 0.456, 0.406), config.list("INPUT.MEAN"));
    }

    @Test
    void agConfigValues() {
        ExperimentConfig config = ConfigLoader.load(SharedData.require("seed-configs/cvt-ag-dim6.yaml"), List.of());
        assertEquals(6, config.integer("DATASET.NUM_DIMS"));
        assertEquals(List.of(310, 321), config.list("TRAIN.IMAGE_SIZE"));
        assertEquals(10, config.integer("TRAIN.END_EPOCH"));
        assertEquals("cvt-ag-dim6", config.string("NAME"));
        // derived at load time as the original did: the timm scheduler runs for END_EPOCH epochs
        assertEquals(10, ((java.util.Map<?, ?>) config.section("TRAIN.LR_SCHEDULER").get("ARGS")).get("epochs"));
    }

    @Test
    void defaultsFillOmittedKeys() throws IOException {
        ExperimentConfig config = ConfigLoader.load(write("e.yaml", "TRAIN:\n  LR: 0.5\n"), List.of());
        assertEquals(0.5, config.number("TRAIN.LR"));
        assertEquals(100, config.integer("TRAIN.END_EPOCH"));
        assertEquals("cls_cvt", config.string("MODEL.NAME"));
    }

    @Test
    void unknownKeyNamesFileLineAndNearestKey() throws IOException {
        Path file = write("e.yaml", "TRAIN:\n  LR: 0.5\n  END_EPCH: 3\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
        assertEquals(file + ":3: unknown key TRAIN.END_EPCH (did you mean TRAIN.END_EPOCH?)", e.getMessage());
    }

    @Test
    void unknownSectionSuggestsSection() throws IOException {
        Path file = write("e.yaml", "TRIAN:\n  LR: 0.5\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
        assertTrue(e.getMessage().contains(":1: unknown key TRIAN (did you mean TRAIN?)"), e.getMessage());
    }

    @Test
    void wrongTypeNamesKeyAndExpectedType() throws IOException {
        Path file = write("e.yaml", "TRAIN:\n  END_EPOCH: 'ten'\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
        assertEquals(file + ":2: TRAIN.END_EPOCH must be an integer, not the string 'ten'", e.getMessage());
    }

    @Test
    void wrongListElementType() throws IOException {
        Path file = write("e.yaml", "TRAIN:\n  IMAGE_SIZE: [224, 'x']\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
        assertTrue(e.getMessage().contains("TRAIN.IMAGE_SIZE[1] must be an integer"), e.getMessage());
    }

    @Test
    void integersWidenToFloatsButNotBack() throws IOException {
        assertEquals(1.0, ConfigLoader.load(write("a.yaml", "TRAIN:\n  LR: 1\n"), List.of()).number("TRAIN.LR"));
        assertThrows(ConfigException.class, () -> ConfigLoader.load(write("b.yaml", "TRAIN:\n  END_EPOCH: 1.5\n"), List.of()));
    }

    @Test
    void sectionGivenAScalarIsAnError() throws IOException {
        Path file = write("e.yaml", "TRAIN: 3\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
        assertTrue(e.getMessage().contains("TRAIN is a section"), e.getMessage());
    }

    @Test
    void openSectionsAcceptNewKeys() throws IOException {
        ExperimentConfig config = ConfigLoader.load(write("e.yaml",
                "AUG:\n  TIMM_AUG:\n    RE_PROB: 0.25\nTRAIN:\n  OPTIMIZER_ARGS:\n    betas: [0.9, 0.999]\n"), List.of());
        assertEquals(0.25, config.section("AUG.TIMM_AUG").get("RE_PROB"));
    }

    @Test
    void overridesAreTypedAgainstTheDefault() throws IOException {
        Path file = write("e.yaml", "TRAIN:\n  END_EPOCH: 10\n");
        ExperimentConfig config = ConfigLoader.load(file, List.of("TRAIN.END_EPOCH", "3", "TEST.MODEL_FILE", "out/model.params",
                "TRAIN.IMAGE_SIZE", "[64, 32]", "DATASET.ROOT", "123"));
        assertEquals(3, config.integer("TRAIN.END_EPOCH"));
        assertEquals("out/model.params", config.string("TEST.MODEL_FILE"));
        assertEquals(List.of(64, 32), config.list("TRAIN.IMAGE_SIZE"));
        assertEquals("123", config.string("DATASET.ROOT"), "a command line cannot quote, so text keys take numbers as text");
        assertEquals("override TRAIN.END_EPOCH 3", config.origin("TRAIN.END_EPOCH"));
    }

    @Test
    void badOverrides() {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> ConfigLoader.defaults(List.of("TRAIN.END_EPOCHS", "3")));
        assertTrue(unknown.getMessage().contains("did you mean TRAIN.END_EPOCH?"), unknown.getMessage());
        ConfigException type = assertThrows(ConfigException.class, () -> ConfigLoader.defaults(List.of("TRAIN.END_EPOCH", "many")));
        assertTrue(type.getMessage().startsWith("override TRAIN.END_EPOCH many: TRAIN.END_EPOCH must be an integer"), type.getMessage());
        assertThrows(ConfigException.class, () -> ConfigLoader.defaults(List.of("TRAIN.END_EPOCH")));
    }

    @Test
    void baseFilesMergeFirstRelativeToTheIncludingFile() throws IOException {
        Files.createDirectories(dir.resolve("base"));
        write("base/common.yaml", "TRAIN:\n  LR: 0.1\n  END_EPOCH: 7\n");
        Path file = write("e.yaml", "BASE: ['base/common.yaml']\nTRAIN:\n  LR: 0.2\n");
        ExperimentConfig config = ConfigLoader.load(file, List.of());
        assertEquals(0.2, config.number("TRAIN.LR"));
        assertEquals(7, config.integer("TRAIN.END_EPOCH"));
    }

    @Test
    void baseCycleAndMissingBaseAreErrors() throws IOException {
        write("a.yaml", "BASE: ['b.yaml']\n");
        write("b.yaml", "BASE: ['a.yaml']\n");
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("a.yaml"), List.of()))
                .getMessage().contains("cycle"));
        Path missing = write("m.yaml", "BASE: ['nope.yaml']\n");
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, List.of()))
                .getMessage().contains("BASE file not found"));
    }

    @Test
    void invalidYamlNamesTheLine() throws IOException {
        Path file = write("e.yaml", "TRAIN:\n  LR: [0.1\n  END_EPOCH: 3\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
        assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void oversizedFilesAreRefusedBeforeParsing() throws IOException {
        // one 2 MB quoted scalar: SnakeYAML would take seconds over it (minutes at 50 MB) before its own limit fires
        Path big = write("big.yaml", "NAME: '" + "x".repeat(2 * 1024 * 1024) + "'\n");
        String expected = big + ": " + Files.size(big) + " bytes; an experiment file may be at most 1 MiB";
        ConfigException direct = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThrows(ConfigException.class,
                () -> ConfigLoader.load(big, List.of())));
        assertTrue(direct.getMessage().startsWith(expected), direct.getMessage());
        Path including = write("e.yaml", "BASE: ['big.yaml']\n");
        ConfigException viaBase = assertThrows(ConfigException.class, () -> ConfigLoader.load(including, List.of()));
        assertTrue(viaBase.getMessage().startsWith(expected), viaBase.getMessage());
    }

    @Test
    void duplicateKeysAreRejected() throws IOException {
        Path file = write("e.yaml", "TRAIN:\n  LR: 0.1\n  LR: 0.2\n");
        assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
    }

    @Test
    void safeLoadingRefusesJavaTypes() throws IOException {
        Path file = write("e.yaml", "NAME: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n");
        assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
    }

    @Test
    void effectiveConfigLoadsBackToTheSameValues() throws IOException {
        write("base.yaml", "TRAIN:\n  WD: 0.5\n");
        ExperimentConfig config = ConfigLoader.load(write("e.yaml",
                        "BASE: ['base.yaml']\nTRAIN:\n  LR: 0.3\nMELGEN:\n  CLASSES:\n    - {NAME: a, TRIM: 2}\n"),
                List.of("TRAIN.END_EPOCH", "4"));
        Files.createDirectories(dir.resolve("elsewhere"));
        Path effective = dir.resolve("elsewhere/effective.yaml");
        Files.writeString(effective, config.toYaml());
        ExperimentConfig again = ConfigLoader.load(effective, List.of());
        assertEquals(config.toYaml(), again.toYaml());
        assertEquals(0.5, again.number("TRAIN.WD"));
    }

    @Test
    void listEntriesAreCheckedAgainstABase() throws IOException {
        ExperimentConfig config = ConfigLoader.load(write("e.yaml", "MELGEN:\n  CLASSES:\n    - NAME: a\n      TRIMM: 3\n"), List.of());
        Object entry = config.list("MELGEN.CLASSES").get(0);
        ConfigException e = assertThrows(ConfigException.class,
                () -> config.overlay(java.util.Map.of("NAME", "", "TRIM", 0), entry, "MELGEN.CLASSES[0]"));
        assertEquals(dir.resolve("e.yaml") + ":4: unknown key MELGEN.CLASSES[0].TRIMM (did you mean MELGEN.CLASSES[0].TRIM?)",
                e.getMessage());
    }
}

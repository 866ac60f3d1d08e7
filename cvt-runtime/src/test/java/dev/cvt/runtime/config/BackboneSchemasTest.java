package dev.cvt.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackboneSchemasTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownNameListsTheKnownOnes() throws IOException {
        Path file = Files.writeString(dir.resolve("e.yaml"), "MODEL:\n  NAME: cls_hrnet\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
        assertEquals(file + ":2: MODEL.NAME is 'cls_hrnet'; known backbones: cls_cvt, vit, cas_vit, crossformer, unireplknet", e.getMessage());
    }

    @Test
    void aKeyOfAnotherBackboneNamesWhatThisOneTakes() throws IOException {
        Path file = Files.writeString(dir.resolve("e.yaml"), "MODEL:\n  NAME: vit\n  SPEC:\n    EMBED_DIMS: 192\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
        assertEquals(file + ":4: unknown key MODEL.SPEC.EMBED_DIMS for MODEL.NAME vit (did you mean MODEL.SPEC.EMBED_DIM?); "
                + "vit takes PRESET, PATCH_SIZE, EMBED_DIM, DEPTH, NUM_HEADS, MLP_RATIO, QKV_BIAS, CLASS_TOKEN, GLOBAL_POOL, "
                + "DROP_RATE, ATTN_DROP_RATE, DROP_PATH_RATE", e.getMessage());
    }

    @Test
    void theSpecIsCheckedOnceTheNameIsKnownWhereverEachWasSet() throws IOException {
        // the spec in the file, the name in an override: the spec's keys are the named backbone's
        Path file = Files.writeString(dir.resolve("e.yaml"), "MODEL:\n  SPEC:\n    EMBED_DIM: 192\n    NUM_HEADS: 3\n");
        ExperimentConfig config = ConfigLoader.load(file, List.of("MODEL.NAME", "vit"));
        assertEquals(192, config.integer("MODEL.SPEC.EMBED_DIM"));
        assertEquals(12, config.integer("MODEL.SPEC.DEPTH"), "the default fills what the file leaves out");
        assertEquals(file + ":3", config.origin("MODEL.SPEC.EMBED_DIM"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
        assertEquals(file + ":3: unknown key MODEL.SPEC.EMBED_DIM for MODEL.NAME cls_cvt; cls_cvt takes "
                + "PRESET, INIT, NUM_STAGES, PATCH_SIZE, PATCH_STRIDE, PATCH_PADDING, DIM_EMBED, NUM_HEADS, DEPTH, MLP_RATIO, ATTN_DROP_RATE, "
                + "DROP_RATE, DROP_PATH_RATE, QKV_BIAS, CLS_TOKEN, POS_EMBED, QKV_PROJ_METHOD, KERNEL_QKV, PADDING_KV, STRIDE_KV, PADDING_Q, "
                + "STRIDE_Q", e.getMessage());
    }

    @Test
    void anExperimentCanTakeItsBaseRecipeWithAnotherBackbone() throws IOException {
        Files.writeString(dir.resolve("base.yaml"), "MODEL:\n  NAME: cls_cvt\n  SPEC:\n    NUM_STAGES: 2\n    DEPTH: [1, 2]\n"
                + "TRAIN:\n  LR: 0.5\n");
        Path vit = Files.writeString(dir.resolve("vit.yaml"), "BASE: ['base.yaml']\nMODEL:\n  NAME: vit\n  SPEC:\n    DEPTH: 4\n");
        ExperimentConfig config = ConfigLoader.load(vit, List.of());
        assertEquals(4, config.integer("MODEL.SPEC.DEPTH"));
        assertEquals(0.5, config.number("TRAIN.LR"));
        assertEquals(false, config.section("MODEL.SPEC").containsKey("NUM_STAGES"), "the CvT keys went with the CvT");
        // the same from the command line
        ExperimentConfig overridden = ConfigLoader.load(dir.resolve("base.yaml"), List.of("MODEL.NAME", "cas_vit"));
        assertEquals(List.of(2, 2, 4, 2), overridden.list("MODEL.SPEC.LAYERS"));
    }

    @Test
    void aPresetFillsItsKeysAndWrittenKeysWin() {
        ExperimentConfig config = ConfigLoader.defaults(List.of("MODEL.NAME", "vit", "MODEL.SPEC.PRESET", "vit_tiny_patch16",
                "MODEL.SPEC.DEPTH", "4", "MODEL.SPEC.MLP_RATIO", "2"));
        assertEquals(192, config.integer("MODEL.SPEC.EMBED_DIM"));
        assertEquals(3, config.integer("MODEL.SPEC.NUM_HEADS"));
        assertEquals(4, config.integer("MODEL.SPEC.DEPTH"));
        assertEquals(2.0, config.number("MODEL.SPEC.MLP_RATIO"), "an integer widens to the key's type");
        assertEquals("override MODEL.SPEC.PRESET vit_tiny_patch16 (preset vit_tiny_patch16)", config.origin("MODEL.SPEC.EMBED_DIM"));
        // the effective config, written and read back, is the same config
        ExperimentConfig again = ConfigLoader.fromTree(
                new org.yaml.snakeyaml.Yaml().load(config.toYaml()), "effective.yaml");
        assertEquals(config.values(), again.values());
    }

    @Test
    void anUnknownPresetOrAWrongTypeNamesTheKey() {
        ConfigException preset = assertThrows(ConfigException.class, () -> ConfigLoader.defaults(
                List.of("MODEL.NAME", "cas_vit", "MODEL.SPEC.PRESET", "rcvit_l")));
        assertEquals("override MODEL.SPEC.PRESET rcvit_l: MODEL.SPEC.PRESET is 'rcvit_l'; cas_vit has rcvit_xs, rcvit_s, rcvit_m, rcvit_t",
                preset.getMessage());
        ConfigException type = assertThrows(ConfigException.class, () -> ConfigLoader.defaults(
                List.of("MODEL.NAME", "cas_vit", "MODEL.SPEC.LAYERS", "3")));
        assertEquals("override MODEL.SPEC.LAYERS 3: MODEL.SPEC.LAYERS must be a list, not the integer 3", type.getMessage());
    }

    @Test
    void everyPresetResolves() {
        List<List<String>> presets = BackboneSchemas.presets();
        assertEquals(18, presets.size());
        for (List<String> p : presets) {
            ExperimentConfig config = ConfigLoader.defaults(new ArrayList<>(List.of("MODEL.NAME", p.get(0), "MODEL.SPEC.PRESET", p.get(1))));
            assertEquals(p.get(1), config.string("MODEL.SPEC.PRESET"));
        }
    }
}

package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.cvt.runtime.data.DataFingerprint;
import dev.cvt.runtime.model.Engines;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFormatTest {
    @TempDir
    Path dir;

    @Test
    void theHeaderKeepsTheLossScalerOfMixedPrecisionTraining() {
        Engines.pytorch(1);
        try (Model model = Model.newInstance("checkpoint")) {
            Linear block = Linear.builder().setUnits(2).build();
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3));
            DataFingerprint data = new DataFingerprint("train", 4, "listing", "abc");
            Checkpoint.Header header = new Checkpoint.Header(new TrainingFingerprint("test", Map.of("SEED", "0"), data, data), 1,
                    50.0, 0, List.of(), new LossScaler.State(32768f, 17));
            Path file = dir.resolve("checkpoint.bin");
            Checkpoint.save(file, header, block.getParameters(), new DecoupledAdamW(1e-3f, 0f, Set.of()), null);
            assertEquals(header, Checkpoint.open(file).header());
        }
    }

    @Test
    void aCheckpointOfTheFormatBeforeReadsAsNotResumable() throws IOException {
        // format 2: the same layout, a header without the loss scaler
        Path file = dir.resolve("format2.bin");
        try (OutputStream stream = Files.newOutputStream(file)) {
            CRC32C checksum = new CRC32C();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(stream, checksum));
            out.writeUTF("cvt-checkpoint");
            out.writeInt(2);
            byte[] json = "{\"epochs_done\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(json.length);
            out.write(json);
            out.writeInt(0);
            out.flush();
            new DataOutputStream(stream).writeLong(checksum.getValue());
        }
        Checkpoint.Stored stored = Checkpoint.open(file);
        assertEquals(2, stored.format());
        assertNull(stored.header());
    }
}

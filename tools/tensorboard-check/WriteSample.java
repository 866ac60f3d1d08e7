import dev.cvt.runtime.train.TensorBoardWriter;
import java.nio.file.Path;

/** Writes a known run (two files, as a resumed run leaves) for check_events.py to read back. */
public class WriteSample {
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        try (TensorBoardWriter w = TensorBoardWriter.open(dir)) {
            for (int epoch = 0; epoch < 3; epoch++) {
                w.scalar("train_loss", 2.0f / (epoch + 1), epoch);
                w.scalar("train_top1", 10f * (epoch + 1), epoch);
            }
        }
        try (TensorBoardWriter w = TensorBoardWriter.open(dir)) { // the "resumed" process
            for (int epoch = 3; epoch < 5; epoch++) {
                w.scalar("valid_loss", 0.25f * epoch, epoch);
                w.scalar("valid_top1", 12.5f * epoch, epoch);
            }
        }
    }
}

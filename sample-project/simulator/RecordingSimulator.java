import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Simulates what the wrist unit and the radio sensor record while a person lifts a dumbbell, in the
 * formats of the real captures: the AG text stream ({@code mcu:,ax,ay,az,gx,gy,gz}, about 2 Hz, raw
 * 16-bit counts, lines ending in CR CR LF) and the I/Q CSV ({@code Time,I,Q}, HH-MM-SS.mmm wall clock,
 * about 14 irregular rows per second).
 *
 * <p>Deterministic: the same seed writes the same bytes. Usage:
 * {@code java sample-project/simulator/RecordingSimulator.java sample-project/recordings} for the
 * sample recordings (both streams), or
 * {@code java sample-project/simulator/RecordingSimulator.java --wearers sample-project/recordings-wearers}
 * for the AG streams of several people, {@code <class>/<wearer>-<n>.txt}, for cross-validation across people.
 */
public final class RecordingSimulator {
    private static final double G = 9.81;
    private static final double ACCEL_COUNTS_PER_G = 16384;     // +-2 g range
    private static final double GYRO_COUNTS_PER_DPS = 131;      // +-250 deg/s range
    private static final double FOREARM_M = 0.30;               // elbow (or shoulder) to wrist lever
    private static final int RECORDINGS_PER_WEARER = 3;         // per exercise

    /** One exercise: which joint turns the wrist, about which sensor axis, how far, and how fast. */
    private record Exercise(String name, int axis, double rangeDeg, double repSeconds, double restTiltDeg, double liftM) {
    }

    private static final Exercise[] EXERCISES = {
        // elbow flexion: the forearm swings up about the sensor's y axis
        new Exercise("Dumbbell Bicep Curl", 1, 125, 3.0, 10, 0.0),
        // shoulder abduction: the straight arm rises sideways about the sensor's x axis
        new Exercise("Dumbbell Lateral Raise", 0, 85, 3.6, 5, 0.0),
        // overhead press: the forearm stays near vertical and the wrist travels up; small tilt
        new Exercise("Dumbbell Shoulder Press", 0, 20, 3.2, 80, 0.45),
    };

    /**
     * How one person differs from another: where the unit sits on the wrist (turned about the forearm,
     * tilted along it), the lever from joint to unit (arm length, strap position), the tempo (rep length
     * factor), the range of motion (factor), the share of a rep spent lifting (a strong person lifts
     * quickly and lowers slowly), how the arm hangs at rest (degrees added to the exercise's rest tilt),
     * and the bias of that person's unit (counts, added to each recording's own).
     */
    private record Wearer(String name, double strapRollDeg, double strapPitchDeg, double leverM, double tempo,
            double range, double liftShare, double restTiltDeg, double[] accelBias, double[] gyroBias) {

        /** A vector in the frame the exercises assume, seen by this wearer's unit: turned about the forearm (z), then tilted about x. */
        double[] mount(double[] v) {
            double roll = Math.toRadians(strapRollDeg);
            double pitch = Math.toRadians(strapPitchDeg);
            double x = Math.cos(roll) * v[0] - Math.sin(roll) * v[1];
            double y = Math.sin(roll) * v[0] + Math.cos(roll) * v[1];
            return new double[] {x, Math.cos(pitch) * y - Math.sin(pitch) * v[2], Math.sin(pitch) * y + Math.cos(pitch) * v[2]};
        }
    }

    /** The one person of the sample recordings: the neutral values of every difference. */
    private static final Wearer SAMPLE_WEARER = new Wearer("", 0, 0, FOREARM_M, 1, 1, 0.45, 0, new double[3], new double[3]);

    /**
     * Four people, chosen by hand to span what differs between people while the exercises stay apart:
     * strap turns beyond about 35 degrees would carry a curl's rotation onto a raise's axis.
     */
    private static final Wearer[] WEARERS = {
        new Wearer("W1", 0, 0, 0.30, 1.00, 1.00, 0.45, 0, new double[] {120, -90, 60}, new double[] {40, -25, 15}),
        // tall, slow and deliberate, strap turned outwards
        new Wearer("W2", 25, 8, 0.35, 1.20, 1.05, 0.40, 6, new double[] {-350, 200, -150}, new double[] {-120, 80, 60}),
        // short arm, quick partial reps, strap turned inwards and high up the forearm
        new Wearer("W3", -20, -6, 0.25, 0.85, 0.85, 0.50, -4, new double[] {300, 380, -250}, new double[] {90, 150, -70}),
        // strong: an explosive lift and a long lowering, loose strap, arm held away at rest
        new Wearer("W4", 12, 12, 0.31, 1.10, 0.95, 0.35, 10, new double[] {-200, -400, 350}, new double[] {-60, -140, 110}),
    };

    public static void main(String[] args) throws IOException {
        boolean wearers = args.length > 0 && args[0].equals("--wearers");
        if (wearers) {
            writeWearers(Path.of(args.length > 1 ? args[1] : "sample-project/recordings-wearers"));
            return;
        }
        Path root = Path.of(args.length > 0 ? args[0] : "sample-project/recordings");
        Random seeds = new Random(20261122L);
        for (Exercise exercise : EXERCISES) {
            Path dir = root.resolve(exercise.name());
            Files.createDirectories(dir);
            for (int recording = 1; recording <= 4; recording++) {
                Session session = new Session(exercise, SAMPLE_WEARER, 60, 60, new Random(seeds.nextLong()));
                Files.writeString(dir.resolve(recording + ".txt"), session.agStream(), StandardCharsets.US_ASCII);
                Files.writeString(dir.resolve(recording + ".csv"), session.iqCsv(), StandardCharsets.US_ASCII);
            }
        }
    }

    /** The AG streams of every wearer: about a minute each, {@code <class>/<wearer>-<n>.txt}. */
    private static void writeWearers(Path root) throws IOException {
        Random seeds = new Random(20261207L);
        for (Wearer wearer : WEARERS) {
            for (Exercise exercise : EXERCISES) {
                Path dir = root.resolve(exercise.name());
                Files.createDirectories(dir);
                for (int recording = 1; recording <= RECORDINGS_PER_WEARER; recording++) {
                    Session session = new Session(exercise, wearer, 55, 10, new Random(seeds.nextLong()));
                    Files.writeString(dir.resolve(wearer.name() + "-" + recording + ".txt"), session.agStream(),
                            StandardCharsets.US_ASCII);
                }
            }
        }
    }

    /** One recording: sets of reps with rests, sampled by both sensors. */
    private static final class Session {
        private final Exercise exercise;
        private final Wearer wearer;
        private final Random random;
        private final double seconds;
        /** Rep start times and durations: tempo varies rep to rep, rests separate the sets. */
        private final double[] repStart;
        private final double[] repLength;
        private final double[] accelBias = new double[3];
        private final double[] gyroBias = new double[3];
        private final double startClock;

        /** Lasts minSeconds plus up to spreadSeconds more. */
        Session(Exercise exercise, Wearer wearer, double minSeconds, double spreadSeconds, Random random) {
            this.exercise = exercise;
            this.wearer = wearer;
            this.random = random;
            this.seconds = minSeconds + spreadSeconds * random.nextDouble();
            java.util.List<double[]> reps = new java.util.ArrayList<>();
            double t = 3 + 3 * random.nextDouble(); // the person gets ready
            double repSeconds = exercise.repSeconds() * wearer.tempo();
            while (t < seconds - repSeconds * 1.3) {
                int setReps = 8 + random.nextInt(5);
                for (int r = 0; r < setReps && t < seconds - repSeconds * 1.3; r++) {
                    double length = repSeconds * (0.8 + 0.4 * random.nextDouble());
                    reps.add(new double[] {t, length});
                    t += length + 0.2 * random.nextDouble();
                }
                t += 6 + 6 * random.nextDouble(); // rest between sets
            }
            repStart = reps.stream().mapToDouble(r -> r[0]).toArray();
            repLength = reps.stream().mapToDouble(r -> r[1]).toArray();
            for (int i = 0; i < 3; i++) {
                accelBias[i] = random.nextGaussian() * 150 + wearer.accelBias()[i];
                gyroBias[i] = random.nextGaussian() * 60 + wearer.gyroBias()[i];
            }
            startClock = 9 * 3600 + random.nextDouble() * 8 * 3600;
        }

        /** Joint angle (rad) at time t: a smooth raise and lower within each rep, a slight sway at rest. */
        double angle(double t) {
            for (int i = 0; i < repStart.length; i++) {
                double phase = (t - repStart[i]) / repLength[i];
                if (phase >= 0 && phase < 1) {
                    // lifting is quicker than lowering: warp the phase
                    double lift = wearer.liftShare();
                    double warped = phase < lift ? phase / lift * 0.5 : 0.5 + (phase - lift) / (1 - lift) * 0.5;
                    return rangeRad() * (1 - Math.cos(2 * Math.PI * warped)) / 2;
                }
            }
            return Math.toRadians(1.5) * Math.sin(2 * Math.PI * 0.3 * t);
        }

        double angularVelocity(double t) {
            double h = 1e-3;
            return (angle(t + h) - angle(t - h)) / (2 * h);
        }

        double angularAcceleration(double t) {
            double h = 1e-3;
            return (angle(t + h) - 2 * angle(t) + angle(t - h)) / (h * h);
        }

        double rangeRad() {
            return Math.toRadians(exercise.rangeDeg() * wearer.range());
        }

        /** Vertical wrist travel (m) of a press, in step with the joint angle. */
        double lift(double t) {
            return exercise.liftM() * angle(t) / Math.max(1e-9, rangeRad());
        }

        /**
         * Specific force in the sensor frame (counts): gravity rotated by the tilt of the segment about
         * the exercise's axis, plus the tangential and centripetal acceleration of the wrist on its lever.
         */
        double[] accelerometer(double t) {
            double theta = Math.toRadians(exercise.restTiltDeg() + wearer.restTiltDeg()) + angle(t);
            double w = angularVelocity(t);
            double tangential = wearer.leverM() * angularAcceleration(t) / G;
            double centripetal = wearer.leverM() * w * w / G;
            double liftAccel = (lift(t + 0.01) - 2 * lift(t) + lift(t - 0.01)) / 1e-4 / G;
            double[] a = new double[3];
            int rotating = exercise.axis() == 0 ? 1 : 0; // the other horizontal axis tilts into gravity
            a[rotating] = Math.sin(theta) + tangential;
            a[2] = Math.cos(theta) + centripetal + liftAccel;
            a[exercise.axis()] += 0.02 * Math.sin(2 * Math.PI * 0.17 * t); // wrist roll drift
            a = wearer.mount(a);
            for (int i = 0; i < 3; i++) {
                a[i] = a[i] * ACCEL_COUNTS_PER_G + accelBias[i] + random.nextGaussian() * 90;
            }
            return a;
        }

        double[] gyroscope(double t) {
            double[] g = new double[3];
            g[exercise.axis()] = Math.toDegrees(angularVelocity(t));
            // the forearm also twists (supinates) with the movement, and a little at rest
            g[2] = 0.35 * Math.toDegrees(angularVelocity(t)) + 6 * Math.sin(2 * Math.PI * 0.4 * t);
            g = wearer.mount(g);
            for (int i = 0; i < 3; i++) {
                g[i] = g[i] * GYRO_COUNTS_PER_DPS + gyroBias[i] + random.nextGaussian() * 45;
            }
            return g;
        }

        String agStream() {
            StringBuilder out = new StringBuilder();
            out.append("MPU init ok\r\r\n"); // the unit's boot message: not a sample
            double t = 0;
            while (t < seconds) {
                double[] a = accelerometer(t);
                double[] g = gyroscope(t);
                double roll = random.nextDouble();
                // the serial link sometimes garbles the prefix or splits a line
                String prefix = roll < 0.004 ? "mcu:cu:," : roll < 0.008 ? "mcu:mcu:," : "mcu:,";
                String values = String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%d", clamp(a[0]), clamp(a[1]), clamp(a[2]),
                        clamp(g[0]), clamp(g[1]), clamp(g[2]));
                if (roll > 0.997) {
                    int cut = values.length() / 2;
                    out.append(prefix).append(values, 0, cut).append("\r\r\n:,").append(values.substring(cut)).append("\r\r\n");
                } else {
                    out.append(prefix).append(values).append("\r\r\n");
                }
                t += 0.5 + 0.02 * random.nextGaussian(); // about 2 Hz
            }
            return out.toString();
        }

        /**
         * A continuous-wave radio seeing the hand: the phase turns with the hand's distance
         * (4 pi d / wavelength), the amplitude falls with distance, on top of a DC offset from
         * the static room; the receiver adds noise and a slow gain drift.
         */
        String iqCsv() {
            StringBuilder out = new StringBuilder("Time,I,Q\n");
            double wavelength = 0.35; // effective: a rep turns the phase by about one revolution
            double dcI = 2800 + 3200 * random.nextDouble();
            double dcQ = 12900 + 1500 * random.nextDouble();
            double t = 0;
            while (t < seconds) {
                double distance = 0.6 - wearer.leverM() * Math.sin(angle(t)) * 0.5 - lift(t) * 0.5;
                double phase = 4 * Math.PI * distance / wavelength;
                double amplitude = 80 / (distance * distance) * (1 + 0.05 * Math.sin(2 * Math.PI * t / 40));
                long i = Math.round(dcI + amplitude * Math.cos(phase) + random.nextGaussian() * 6);
                long q = Math.round(dcQ + amplitude * Math.sin(phase) + random.nextGaussian() * 6);
                out.append(clock(startClock + t)).append(',').append(i).append(',').append(q).append('\n');
                // about 14 rows/s, irregular, with an occasional stall of the logger
                t += random.nextDouble() < 0.03 ? 0.15 + 0.05 * random.nextDouble() : 0.06 + 0.017 * random.nextDouble();
            }
            return out.toString();
        }

        /** The logger's wall clock: hours, minutes, then unpadded seconds with milliseconds (10-39-0.156). */
        private static String clock(double seconds) {
            long ms = Math.round(seconds * 1000);
            long h = ms / 3_600_000 % 24;
            long m = ms / 60_000 % 60;
            double s = (ms % 60_000) / 1000.0;
            return String.format(Locale.ROOT, "%02d-%02d-%.3f", h, m, s);
        }

        private static long clamp(double counts) {
            return Math.max(-32768, Math.min(32767, Math.round(counts)));
        }
    }
}

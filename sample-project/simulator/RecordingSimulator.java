import static java.lang.StrictMath.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Simulates what the two sensors record while a person lifts a dumbbell, in the formats of the real
 * captures:
 * <ul>
 * <li>{@code <n>.txt}: the wrist unit's accelerometer + gyroscope stream, {@code mcu:,ax,ay,az,gx,gy,gz}
 * in raw 16-bit counts at about 2 samples/s, no timestamps;</li>
 * <li>{@code <n>.csv}: the radio sensor's {@code Time,I,Q} at about 14 irregular rows/s, wall-clock
 * {@code HH-MM-S.mmm}.</li>
 * </ul>
 * The arm is a two-segment chain (upper arm, forearm) driven by joint angles; the sensors see that
 * chain: the wrist unit its orientation and motion, the radio the distance to the dumbbell.
 *
 * <p>Deterministic: a fixed seed, {@link java.util.Random} (whose algorithm the JDK specifies) and
 * {@link StrictMath} (not {@code Math}, whose intrinsics may differ in the last bit between JVMs), so
 * every run writes the same bytes. From the repository root:
 * {@code java sample-project/simulator/RecordingSimulator.java sample-project/recordings}
 */
public final class RecordingSimulator {
    private static final long SEED = 20261122L;
    private static final int RECORDINGS_PER_EXERCISE = 4;

    // Body: a right arm, world frame x forward, y to the person's left, z up (metres).
    private static final double[] SHOULDER = {0, -0.18, 1.42};
    private static final double UPPER_ARM = 0.30, FOREARM = 0.26, HAND = 0.08; // wrist to dumbbell grip

    // Wrist unit: +-2 g accelerometer with a 14-bit converter left-justified in 16 bits (the real
    // values step by 4 counts), +-250 deg/s gyroscope (131 counts per deg/s; the real lateral
    // raises clip at -32768/32767, so the range is the small one).
    private static final double G = 9.81, ACCEL_COUNTS_PER_G = 16384, GYRO_COUNTS_PER_DPS = 131;

    // Radio: a 433 MHz continuous-wave link (wavelength 0.69 m), so a rep turns the reflection's phase
    // by a few radians as in the captures, not dozens as a 24 GHz radar would.
    private static final double WAVELENGTH = 0.69;
    // Its timing, read off the captures: 16 frames/s, a pause of about 1.6 s every ~230 rows, so
    // ~14.3 rows/s; the logging PC's clock ticks every 1/256 s (row spacings are 58.6, 62.5, 66.4 ms).
    private static final double FRAME_SECONDS = 0.0625;
    private static final int FRAMES_BETWEEN_STALLS = 230;
    private static final double STALL_SECONDS = 1.6;
    private static final double CLOCK_TICK = 1.0 / 256;

    /** Joint angles (deg): shoulder abduction, flexion, humeral rotation; elbow flexion; forearm twist. */
    private static final double[] REST = {8, 0, 0, 10, 0}; // arm hanging, dumbbell at the side

    /**
     * One exercise: the poses at the bottom and top of a rep, the rep's phases in seconds (lift,
     * hold at the top, lower, pause at the bottom) and how strongly the moving arm reflects the radio.
     */
    private record Exercise(String name, double[] bottom, double[] top, double lift, double hold, double lower,
                            double pause, double reflection) {
    }

    private static final Exercise[] EXERCISES = {
        // elbow flexion ~25 -> 125 deg, the forearm supinating on the way up; upper arm nearly still
        new Exercise("Dumbbell Bicep Curl", new double[] {8, 0, 0, 25, 0}, new double[] {8, 8, 0, 125, 30},
                1.0, 0.05, 1.0, 0.05, 220),
        // shoulder abduction ~10 -> 95 deg with a soft, fixed elbow, the hand turning down at the top:
        // the whole arm swings on a 0.6 m lever, swung up fast (the real ones clip the gyroscope)
        new Exercise("Dumbbell Lateral Raise", new double[] {10, 5, 0, 15, 0}, new double[] {95, 12, 0, 20, -40},
                0.6, 0.15, 0.65, 0.35, 620),
        // overhead press: from hands at the shoulders (upper arm out sideways, rotated out 90 deg,
        // elbow at 95 deg, forearm vertical) up to arms nearly straight overhead
        new Exercise("Dumbbell Shoulder Press", new double[] {80, 15, -90, 95, 0}, new double[] {160, 8, -90, 15, 0},
                1.0, 0.2, 1.3, 0.3, 380),
    };

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "sample-project/recordings");
        Random seeds = new Random(SEED);
        for (Exercise exercise : EXERCISES) {
            Path dir = root.resolve(exercise.name());
            Files.createDirectories(dir);
            for (int n = 1; n <= RECORDINGS_PER_EXERCISE; n++) {
                Session session = new Session(exercise, new Random(seeds.nextLong()));
                Files.writeString(dir.resolve(n + ".txt"), session.agStream(), StandardCharsets.US_ASCII);
                Files.writeString(dir.resolve(n + ".csv"), session.iqCsv(), StandardCharsets.US_ASCII);
            }
        }
    }

    /** A piece of the joint-angle timeline: a minimum-jerk move from one pose to another (equal poses: hold). */
    private record Segment(double start, double length, double[] from, double[] to) {
    }

    /** The arm at one instant: forearm orientation (forearm frame to world), wrist and dumbbell positions. */
    private record Arm(double[][] forearm, double[] wrist, double[] dumbbell) {
    }

    /** One recording session: a plan of sets and reps, one way the sensor sits on the wrist, one room. */
    private static final class Session {
        private final Random random;
        private final double seconds;
        private final List<Segment> timeline = new ArrayList<>();
        private final double[] swayHz = new double[5], swayPhase = new double[5];
        private final double[][] mount;                 // sensor frame to forearm frame
        private final double[] accelBias = new double[3], accelScale = new double[3];
        private final double[] gyroBias = new double[3], gyroScale = new double[3];
        private final double[] radio;                   // radio position in the room
        private final double reflection, clutter, clutterPhase;
        private final double startClock;                // wall-clock second of day when logging starts

        Session(Exercise exercise, Random random) {
            this.random = random;
            seconds = 60 + 60 * random.nextDouble();
            plan(exercise);
            for (int j = 0; j < 5; j++) {               // slow postural sway, a few tenths of a hertz
                swayHz[j] = 0.1 + 0.3 * random.nextDouble();
                swayPhase[j] = 2 * PI * random.nextDouble();
            }
            // The strap sits differently every session: tilted about 136 deg from the forearm axis
            // (what the real lateral raises read at rest: up ~ (-0.70, 0.09, -0.72) g), turned around
            // the wrist by up to 45 deg, and rocked sideways a little.
            double around = -45 + 90 * random.nextDouble(), tilt = 136 + 20 * random.nextGaussian();
            mount = mul(mul(rotZ(toRadians(around)), rotY(toRadians(tilt))), rotX(toRadians(10 * random.nextGaussian())));
            for (int i = 0; i < 3; i++) {               // factory-calibration errors of a cheap IMU
                accelBias[i] = 250 * random.nextGaussian();
                accelScale[i] = 1 + 0.015 * random.nextGaussian();
                gyroBias[i] = 1.5 * GYRO_COUNTS_PER_DPS * random.nextGaussian();
                gyroScale[i] = 1 + 0.02 * random.nextGaussian();
            }
            // The radio stands on a table about 1.4 m away, in front of the lifter and off to the right.
            radio = new double[] {1.2 + 0.2 * random.nextGaussian(), -0.8 + 0.2 * random.nextGaussian(), 1.0};
            reflection = exercise.reflection() * (0.7 + 0.6 * random.nextDouble());
            clutter = 2000 + 600 * random.nextDouble();    // the static room's echo sets the DC offset
            clutterPhase = 2 * PI * random.nextDouble();
            startClock = 9 * 3600 + 8 * 3600 * random.nextDouble();
        }

        /**
         * Sets of 8-14 reps with 6-14 s of rest between them. Each rep: lift, hold, lower, pause; its
         * tempo varies rep to rep (about 8 %), slows as the set goes on (fatigue), and its path varies.
         */
        private void plan(Exercise e) {
            double t = 2 + 4 * random.nextDouble();     // standing still before the first set
            hold(0, t, REST);
            while (t < seconds) {
                t = move(t, 1.2, REST, e.bottom());     // bring the dumbbell into the start position
                int reps = 8 + random.nextInt(7);
                for (int r = 0; r < reps; r++) {
                    double tempo = max(0.8, min(1.25, 1 + 0.08 * random.nextGaussian())) * (1 + 0.015 * r);
                    // no two reps alike: range varies, and each joint strays a few degrees from the ideal path
                    double[] top = lerp(e.bottom(), e.top(), 0.9 + 0.12 * random.nextDouble());
                    for (int j = 0; j < top.length; j++) {
                        top[j] += (j == 4 ? 12 : 5) * random.nextGaussian();
                    }
                    t = move(t, e.lift() * tempo, e.bottom(), top);
                    t = hold(t, e.hold() * tempo, top);
                    t = move(t, e.lower() * tempo, top, e.bottom());
                    t = hold(t, e.pause() * tempo, e.bottom());
                }
                t = move(t, 1.2, e.bottom(), REST);
                t = hold(t, 6 + 8 * random.nextDouble(), REST);
            }
        }

        private double move(double t, double length, double[] from, double[] to) {
            timeline.add(new Segment(t, length, from, to));
            return t + length;
        }

        private double hold(double t, double length, double[] pose) {
            return move(t, length, pose, pose);
        }

        /** Joint angles (radians) at time t: the planned motion plus postural sway. */
        double[] joints(double t) {
            Segment s = timeline.get(timeline.size() - 1);
            for (Segment candidate : timeline) {
                if (t < candidate.start() + candidate.length()) {
                    s = candidate;
                    break;
                }
            }
            // Minimum-jerk profile (how people move a hand between two points): zero speed and zero
            // acceleration at both ends, so the moves join smoothly and the sensors see no jumps.
            double u = max(0, min(1, (t - s.start()) / s.length()));
            double k = u * u * u * (10 - 15 * u + 6 * u * u);
            double[] sway = {1.5, 2, 2, 2, 3};          // degrees, per joint
            double[] q = new double[5];
            for (int j = 0; j < 5; j++) {
                double planned = s.from()[j] + (s.to()[j] - s.from()[j]) * k;
                q[j] = toRadians(planned + sway[j] * sin(2 * PI * swayHz[j] * t + swayPhase[j]));
            }
            return q;
        }

        /** Forward kinematics: shoulder (abduction, flexion, humeral rotation), elbow flexion, forearm twist. */
        static Arm arm(double[] q) {
            double[][] upper = mul(mul(rotX(-q[0]), rotY(-q[1])), rotZ(q[2]));
            double[][] forearm = mul(mul(upper, rotY(-q[3])), rotZ(q[4])); // segments point along their -z
            double[] elbow = add(SHOULDER, apply(upper, new double[] {0, 0, -UPPER_ARM}));
            double[] wrist = add(elbow, apply(forearm, new double[] {0, 0, -FOREARM}));
            return new Arm(forearm, wrist, add(wrist, apply(forearm, new double[] {0, 0, -HAND})));
        }

        double[][] sensorOrientation(double t) {
            return mul(arm(joints(t)).forearm(), mount);
        }

        double[] wristPosition(double t) {
            return arm(joints(t)).wrist();
        }

        /**
         * Accelerometer (counts): specific force, i.e. the wrist's acceleration plus 1 g upwards (what a
         * resting sensor reads), rotated into the sensor frame. Tangential and centripetal terms come out
         * of differentiating the wrist's path, gravity's share moves between axes as the wrist turns.
         */
        long[] accelerometer(double t) {
            double h = 0.01;
            double[] p0 = wristPosition(t - h), p1 = wristPosition(t), p2 = wristPosition(t + h);
            double[] force = new double[3];
            for (int i = 0; i < 3; i++) {
                force[i] = (p0[i] - 2 * p1[i] + p2[i]) / (h * h) / G;
            }
            double dynamic = sqrt(dot(force, force));
            force[2] += 1;
            double[] sensor = applyTransposed(sensorOrientation(t), force);
            long[] counts = new long[3];
            for (int i = 0; i < 3; i++) {
                // white noise of the chip plus the unevenness of a real movement (tremor, jerks)
                double g = sensor[i] * accelScale[i] + (0.008 + 0.05 * dynamic) * random.nextGaussian();
                counts[i] = clamp(4 * round((g * ACCEL_COUNTS_PER_G + accelBias[i]) / 4)); // steps of 4 counts
            }
            return counts;
        }

        /**
         * Gyroscope (counts): the angular velocity of the forearm (the sensor turns with it) in the
         * sensor frame, from R^T dR/dt, plus bias, scale error and physiological tremor.
         */
        long[] gyroscope(double t) {
            double h = 0.005;
            double[][] r = sensorOrientation(t), before = sensorOrientation(t - h), after = sensorOrientation(t + h);
            double[][] w = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int k = 0; k < 3; k++) {
                        w[i][j] += r[k][i] * (after[k][j] - before[k][j]) / (2 * h);
                    }
                }
            }
            double[] omega = {(w[2][1] - w[1][2]) / 2, (w[0][2] - w[2][0]) / 2, (w[1][0] - w[0][1]) / 2};
            double speed = toDegrees(sqrt(dot(omega, omega)));
            long[] counts = new long[3];
            for (int i = 0; i < 3; i++) {
                double dps = toDegrees(omega[i]) * gyroScale[i] + (2.5 + 0.06 * speed) * random.nextGaussian();
                counts[i] = clamp(round(dps * GYRO_COUNTS_PER_DPS + gyroBias[i]));
            }
            return counts;
        }

        /**
         * The AG text stream as the serial logger saved it. Lines end in CR CR LF (most real captures)
         * or CR LF. The unit sends about every 0.5 s; when its IMU had no fresh reading it resends the
         * last one. The link now and then repeats prefix bytes ({@code mcu:cu:,}: still a sample) or
         * loses them (the line no longer starts with {@code mcu:}: not a sample), and the capture's
         * first line may be a tail cut off when the port opened, or the unit's boot banner (opening the
         * port resets the board).
         */
        String agStream() {
            String eol = random.nextDouble() < 0.75 ? "\r\r\n" : "\r\n";
            double period = 0.49 + 0.05 * random.nextDouble();
            double repeatChance = random.nextBoolean() ? 0 : 0.03 + 0.1 * random.nextDouble();
            StringBuilder out = new StringBuilder();
            int opening = random.nextInt(5);            // 0-1 clean, 2-3 cut tail, 4 boot banner
            if (opening == 2 || opening == 3) {
                String cut = values(accelerometer(0), gyroscope(0));
                out.append(cut.substring(1 + random.nextInt(cut.length() - 2))).append(eol);
            } else if (opening == 4) {
                out.append("imu ready, 2 Hz").append(eol);
            }
            String last = null;
            for (double t = 0.5 * random.nextDouble(); t < seconds; t += period + 0.01 * random.nextGaussian()) {
                boolean stale = last != null && random.nextDouble() < repeatChance;
                String line = stale ? last : values(accelerometer(t), gyroscope(t));
                last = line;
                double glitch = random.nextDouble();
                String prefix = glitch < 0.0025 ? "mcu:cu:," : glitch < 0.004 ? "mcu:mcu:,"
                        : glitch < 0.005 ? "cu:," : "mcu:,";
                out.append(prefix).append(line).append(eol);
            }
            return out.toString();
        }

        /**
         * The radio's CSV. It samples one complex value per frame: the echo of the room (constant) plus
         * the echo of the dumbbell, whose phase turns by 4 pi d / wavelength as its distance d changes
         * and whose amplitude falls as 1/d^2 (the radar equation, for amplitude). The receiver adds ADC
         * offsets, a slow drift and noise; its Q branch is far from quadrature (150 deg from I instead
         * of 90) with about half the gain, which is why the real I and Q swing against each other
         * (correlation -0.75 to -0.96) with Q about half as wide as I. The logger stamps each row with
         * its coarse clock when it reads it, a few ms after the frame; about once a second it is busy
         * for 10-110 ms, then stamps the queued rows a few ticks apart, and now and then a frame is lost
         * to a buffer overrun; nothing comes during the radio's periodic pause.
         */
        String iqCsv() {
            StringBuilder out = new StringBuilder("Time,I,Q\r\n");
            double phaseOffset = 2 * PI * random.nextDouble();
            double driftHz = 1.0 / (40 + 60 * random.nextDouble()), driftPhase = 2 * PI * random.nextDouble();
            double skew = toRadians(30), qGain = 0.55;
            int untilStall = random.nextInt(FRAMES_BETWEEN_STALLS), untilBusy = random.nextInt(16);
            double emitted = 0, stamped = -1;
            double openDelay = FRAME_SECONDS * (0.5 + random.nextInt(3)); // frames queued before the logger opened
            while (emitted < seconds) {
                double[] p = arm(joints(emitted)).dumbbell();
                double d = sqrt(dot(sub(p, radio), sub(p, radio)));
                double gain = 1 + 0.05 * sin(2 * PI * driftHz * emitted + driftPhase);
                double echo = reflection * gain / (d * d);
                double phase = 4 * PI * d / WAVELENGTH + phaseOffset;
                double re = clutter * cos(clutterPhase) + echo * cos(phase);
                double quad = clutter * sin(clutterPhase - PI / 2 + skew) + echo * sin(phase - PI / 2 + skew);
                double drift = 25 * sin(2 * PI * driftHz * 0.7 * emitted + driftPhase);
                long i = round(4600 + re + drift + 9 * random.nextGaussian());
                long q = round(13500 + qGain * quad - 0.5 * drift + 6 * random.nextGaussian());

                double latency = 0.001 + 0.004 * random.nextDouble();
                boolean busy = --untilBusy <= 0;
                if (busy) {
                    latency += 0.01 + 0.1 * random.nextDouble();
                    untilBusy = 8 + random.nextInt(10);
                }
                if (stamped < 0) {
                    latency += openDelay;
                }
                // a queued row is read one logger loop (1-5 clock ticks) after the one before it
                stamped = max(stamped + CLOCK_TICK * (1 + random.nextInt(5)), emitted + latency);
                stamped = floor(stamped / CLOCK_TICK) * CLOCK_TICK;
                out.append(clock(startClock + stamped)).append(',').append(i).append(',').append(q).append("\r\n");

                emitted += FRAME_SECONDS;
                if (busy && random.nextDouble() < 0.15) {
                    emitted += FRAME_SECONDS;                    // the overrun lost the next frame
                }
                if (--untilStall <= 0) {
                    emitted += STALL_SECONDS + 0.01 * random.nextGaussian();
                    untilStall = FRAMES_BETWEEN_STALLS - 4 + random.nextInt(9);
                }
            }
            return out.toString();
        }
    }

    private static String values(long[] a, long[] g) {
        return a[0] + "," + a[1] + "," + a[2] + "," + g[0] + "," + g[1] + "," + g[2];
    }

    /** The logger's clock: two-digit hours and minutes, seconds not zero-padded, milliseconds (10-39-0.156). */
    private static String clock(double secondOfDay) {
        long ms = (long) floor(secondOfDay * 1000 + 1e-6);
        return String.format(Locale.ROOT, "%02d-%02d-%d.%03d",
                ms / 3_600_000 % 24, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    }

    /** Signed 16-bit saturation, as the sensor's registers do. */
    private static long clamp(long counts) {
        return max(-32768, min(32767, counts));
    }

    private static double[] lerp(double[] a, double[] b, double f) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + (b[i] - a[i]) * f;
        }
        return out;
    }

    // Small 3-D helpers: rotations about the axes, products, vectors.

    private static double[][] rotX(double a) {
        return new double[][] {{1, 0, 0}, {0, cos(a), -sin(a)}, {0, sin(a), cos(a)}};
    }

    private static double[][] rotY(double a) {
        return new double[][] {{cos(a), 0, sin(a)}, {0, 1, 0}, {-sin(a), 0, cos(a)}};
    }

    private static double[][] rotZ(double a) {
        return new double[][] {{cos(a), -sin(a), 0}, {sin(a), cos(a), 0}, {0, 0, 1}};
    }

    private static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    private static double[] apply(double[][] r, double[] v) {
        return new double[] {dot(r[0], v), dot(r[1], v), dot(r[2], v)};
    }

    private static double[] applyTransposed(double[][] r, double[] v) {
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            out[i] = r[0][i] * v[0] + r[1][i] * v[1] + r[2][i] * v[2];
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] add(double[] a, double[] b) {
        return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
    }

    private static double[] sub(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }
}

package com.returnsorter.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A companion to {@link CameraJpegBenchmark} for a busy machine: the same setups, run in turns (one
 * operation of each path and photo, then the next round), measuring the thread's CPU time as well as the
 * wall time of each operation. On a machine shared with other work, wall time includes waiting for a
 * core and moves by tens of percent between JMH runs; CPU time and turns make the paths comparable.
 * Prints the median and the quartiles per path and photo.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar com.returnsorter.bench.CameraJpegCpuTime [warm-up rounds] [rounds]
 * </pre>
 */
public final class CameraJpegCpuTime {

    private CameraJpegCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        List<CameraJpegBenchmark> setups = new ArrayList<>();
        for (String path : List.of("fashion-mnist-subsampled", "garment-photo")) {
            for (String photo : List.of("landscape", "portrait-exif6")) {
                CameraJpegBenchmark setup = new CameraJpegBenchmark();
                setup.path = path;
                setup.photo = photo;
                setup.setUp();
                setups.add(setup);
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[][] cpu = new long[setups.size()][rounds];
        long[][] wall = new long[setups.size()][rounds];
        for (int round = -warmup; round < rounds; round++) {
            for (int i = 0; i < setups.size(); i++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                setups.get(i).decodeAndPreprocess();
                long wall1 = System.nanoTime();
                long cpu1 = threads.getCurrentThreadCpuTime();
                if (round >= 0) {
                    cpu[i][round] = cpu1 - cpu0;
                    wall[i][round] = wall1 - wall0;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-26s %-15s %28s %28s%n", "path", "photo", "CPU ms median [q1, q3]",
                "wall ms median [q1, q3]");
        for (int i = 0; i < setups.size(); i++) {
            System.out.printf(Locale.ROOT, "%-26s %-15s %28s %28s%n", setups.get(i).path, setups.get(i).photo,
                    quartiles(cpu[i]), quartiles(wall[i]));
        }
        System.out.printf(Locale.ROOT, "%d warm-up rounds, %d measured rounds; load average %s%n", warmup, rounds,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String quartiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.1f [%.1f, %.1f]", sorted[sorted.length / 2] / 1e6,
                sorted[sorted.length / 4] / 1e6, sorted[3 * sorted.length / 4] / 1e6);
    }
}

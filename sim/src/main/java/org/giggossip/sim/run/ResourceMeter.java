package org.giggossip.sim.run;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Wall time and peak heap of a stretch of work, for benchmark tables. These are
 * measurements of the machine, not of the simulation: keep them out of files
 * that must be byte-identical between runs.
 *
 * <p>The peak heap is the sum over the heap memory pools of each pool's peak
 * usage since {@link #start()} (which resets the peaks). The pools peak at
 * different moments, so the sum is an upper bound of the true peak, usually
 * close to it for a simulation whose live data sits in the old generation. For
 * a tighter figure, call {@link #usedHeapAfterGc()} at the moment of interest.
 */
public final class ResourceMeter {
    private final long startNanos;

    private final long startCpuNanos;

    private ResourceMeter(long startNanos) {
        this.startNanos = startNanos;
        this.startCpuNanos = processCpuNanos();
    }

    /** CPU time of the whole process (all threads, GC included), or -1 where the JDK cannot tell. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * CPU seconds the process used since {@link #start()}: on a shared machine a
     * steadier measure of the work done than wall time. NaN where unavailable.
     */
    public double cpuSeconds() {
        long now = processCpuNanos();
        return now < 0 || startCpuNanos < 0 ? Double.NaN : (now - startCpuNanos) / 1e9;
    }

    /** Resets the heap pools' peaks and starts the wall clock. */
    public static ResourceMeter start() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                pool.resetPeakUsage();
            }
        }
        return new ResourceMeter(System.nanoTime());
    }

    /** Wall seconds since {@link #start()}. */
    public double wallSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The sum of the heap pools' peak usage since {@link #start()}, in bytes. */
    public long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid() && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** The heap in use right after a requested full collection, in bytes: roughly the live data. */
    public static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

package io.ssmflow.workflows.deploy.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * How a deployment splits its instances into child workflows (slices) and the MaxConcurrency
 * window between them, so the global window holds: the shares of the slices running at once
 * never sum to more than the global concurrency.
 *
 * <p>With k slices and concurrency C: when k &lt;= C every slice starts at once with a share
 * proportional to its size (largest remainder, at least 1, the shares summing to C unless the
 * slices are smaller than that); when k &gt; C slices run C at a time with a share of 1 each,
 * the next starting when one ends. A slice that finishes early does not hand its share to the
 * others (the window is then briefly narrower than C, never wider).
 *
 * @param slices the slices in order
 * @param maxParallel how many slices may run at once
 */
public record SlicePlan(List<Slice> slices, int maxParallel) {
  /** The most instances one slice (one child workflow) handles. */
  public static final int DEFAULT_SLICE_SIZE = 500;

  /**
   * One slice.
   *
   * @param from first index (inclusive) into the instance list
   * @param to last index (exclusive)
   * @param share how many of its instances may be in flight at once
   */
  public record Slice(int from, int to, int share) {
    public int size() {
      return to - from;
    }
  }

  public SlicePlan {
    slices = List.copyOf(slices);
  }

  /** Plans {@code instances} instances in slices of at most {@code sliceSize}. */
  public static SlicePlan of(int instances, int sliceSize, int concurrency) {
    if (sliceSize < 1 || concurrency < 1) {
      throw new IllegalArgumentException("slice size and concurrency must be at least 1");
    }
    if (instances <= 0) {
      return new SlicePlan(List.of(), 0);
    }
    int k = (instances + sliceSize - 1) / sliceSize;
    int[] sizes = new int[k];
    for (int i = 0; i < k; i++) {
      sizes[i] = instances / k + (i < instances % k ? 1 : 0);
    }
    int[] shares = new int[k];
    int maxParallel;
    if (k > concurrency) {
      java.util.Arrays.fill(shares, 1);
      maxParallel = concurrency;
    } else {
      maxParallel = k;
      int target = Math.min(concurrency, instances);
      long[] remainders = new long[k];
      int given = 0;
      for (int i = 0; i < k; i++) {
        long exact = (long) target * sizes[i];
        shares[i] = (int) (exact / instances);
        remainders[i] = exact % instances;
        given += shares[i];
      }
      while (given < target) {
        int best = -1;
        for (int i = 0; i < k; i++) {
          if (shares[i] < sizes[i] && (best < 0 || remainders[i] > remainders[best])) {
            best = i;
          }
        }
        shares[best]++;
        remainders[best] = -1;
        given++;
      }
      for (int i = 0; i < k; i++) {
        if (shares[i] == 0) {
          // Only possible when target < k, which k <= concurrency rules out unless the fleet
          // is smaller than the concurrency; take one from the largest share.
          int largest = 0;
          for (int j = 1; j < k; j++) {
            largest = shares[j] > shares[largest] ? j : largest;
          }
          shares[largest]--;
          shares[i] = 1;
        }
      }
    }
    List<Slice> out = new ArrayList<>(k);
    int from = 0;
    for (int i = 0; i < k; i++) {
      out.add(new Slice(from, from + sizes[i], shares[i]));
      from += sizes[i];
    }
    return new SlicePlan(out, maxParallel);
  }
}

#!/usr/bin/env python3
"""Empty slot time per refill, from a BENCH_DUMP file (lines "instance requested end", millis).

Each instance occupies a slot from its first request to its last end. After the first C starts,
each start is matched to the earliest free slot (first in, first out): the difference is how long
that slot stood empty. Slices are taken as blocks of 1,000 instances in launch order.

  BENCH_DUMP=/tmp/dump.txt bench/rollout-bound.sh 10000 500 500ms-2s
  bench/refill.py /tmp/dump.txt 500
"""
import collections
import heapq
import sys

C = int(sys.argv[2]) if len(sys.argv) > 2 else 500
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    instance, requested, ended = line.split()
    runs[instance].append((int(requested), int(ended)))
lives, gaps = [], []
for instance, rs in runs.items():
    rs.sort()
    lives.append((rs[0][0], rs[-1][1], instance))
    gaps += [(rs[k][0] - rs[k - 1][1]) / 1000 for k in range(1, len(rs))]
lives.sort()
rank = {life[2]: n for n, life in enumerate(lives)}
free, same, cross = [], [], []
for n, (start, end, instance) in enumerate(lives):
    if n >= C:
        freed_at, previous = heapq.heappop(free)
        delay = (start - freed_at) / 1000
        (same if rank[previous] // 1000 == rank[instance] // 1000 else cross).append(delay)
    heapq.heappush(free, (end, instance))


def stats(xs):
    xs = sorted(xs)
    n = len(xs)
    return f"n={n} mean={sum(xs) / n:.3f} p50={xs[n // 2]:.3f} p90={xs[int(n * .9)]:.3f} s" if n else "n=0"


print("between an instance's commands", stats(gaps))
print("refill, all                   ", stats(same + cross))
print("refill, within a slice        ", stats(same))
print("refill, across slices         ", stats(cross))

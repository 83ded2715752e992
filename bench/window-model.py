#!/usr/bin/env python3
"""A sliding window of C slots over N instance lives, for comparing a rollout with its bound.

Each life is STEPS commands of U(LO, HI) seconds plus (STEPS - 1) gaps between them; a freed
slot takes REFILL seconds to start the next instance. Prints the time from the first command to
the last end and the tail: empty slot-seconds after the last start, over C.

  bench/window-model.py [N C STEPS LO HI GAP REFILL]   (defaults: the 10,000 / 500 bench with
                                                         the gaps measured in session 5)
"""
import heapq
import random
import sys

args = [float(a) for a in sys.argv[1:]]
N, C, STEPS, LO, HI, GAP, REFILL = (args + [10000, 500, 4, 0.5, 2.0, 0.22, 0.24][len(args):])[:7]
N, C, STEPS = int(N), int(C), int(STEPS)
for seed in range(5):
    rnd = random.Random(seed)
    ends, lives = [], []
    for i in range(N):
        start = 0.0 if len(ends) < C else heapq.heappop(ends) + REFILL
        life = sum(rnd.uniform(LO, HI) for _ in range(STEPS)) + (STEPS - 1) * GAP
        heapq.heappush(ends, start + life)
        lives.append((start, start + life))
    last_start = max(s for s, _ in lives)
    last_end = max(e for _, e in lives)
    tail = sum(last_end - e for _, e in lives if e > last_start) / C
    bound = N * STEPS * (LO + HI) / 2 / C
    print(f"seed {seed}: {last_end:.1f} s from the first command (bound {bound:.1f} s), tail {tail:.2f} s")

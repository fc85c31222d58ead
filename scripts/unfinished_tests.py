#!/usr/bin/env python3
"""Names the tests a swift-testing log shows as started and never finished (passed, failed or skipped).

Used by .ci/run when `swift test` runs past its deadline: a hung test is named instead of a silent timeout.
"""
import re
import sys
from collections import Counter

started, finished = Counter(), Counter()
pattern = re.compile(r"Test (.+?)(?: with \d+ test cases?)? (started|passed|failed|skipped|recorded an issue)")
with open(sys.argv[1], errors="replace") as log:
    for line in log:
        match = pattern.search(line)
        if not match or match.group(2) == "recorded an issue":
            continue
        (started if match.group(2) == "started" else finished)[match.group(1)] += 1

unfinished = sorted(name for name in started if started[name] > finished[name])
for name in unfinished:
    print(f"  still running: {name}")
if not unfinished:
    print("  every started test finished (the hang is outside a test: build, or the runner)")

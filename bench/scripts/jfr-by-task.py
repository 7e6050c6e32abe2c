#!/usr/bin/env python3
"""Hottest frames of a JFR recording's CPU samples per Flink task, with inclusive shares.

    python3 bench/scripts/jfr-by-task.py job.jfr [N]

A sample belongs to the translating task when its stack passes through the source operator, to
the keyed task (series state + sink) when it passes through its network input, its event-time
timers or the sink's flush; everything else is "other". Those outer frames are real calls, so the
split is sound. Two cautions from the thirteenth round (bench/README.md):
- Leaf frames in inlined code can be wrong: 8.8% of one recording's keyed-task samples showed a
  network RecordWriter serializing a SeriesBatch, a path that task never runs (its records go to
  the chained sink). Check a surprising share with an instrumented build before acting on it.
- JFR samples threads while they run Java code: the keyed:translate ratio was 2.6:1 in samples
  and 1.5:1 in CPU from /proc. Compare shares within a task, not across tasks.
"""
import collections, json, os, subprocess, sys

path, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25
jfr = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64"), "bin", "jfr")
out = subprocess.run([jfr if os.path.exists(jfr) else "jfr", "print", "--json", "--stack-depth", "96",
                      "--events", "jdk.ExecutionSample", path], check=True, capture_output=True, text=True).stdout
events = json.loads(out)["recording"]["events"]

TRANSLATE = {"SourceOperator.emitNext", "SourceStreamTask.run"}
KEYED = {"AbstractStreamTaskNetworkInput.emitNext", "SeriesStateFunction.onTimer", "AsyncSinkWriter.flush"}
self_counts = collections.defaultdict(collections.Counter)
inclusive = collections.defaultdict(collections.Counter)
totals = collections.Counter()
for e in events:
    frames = ((e["values"].get("stackTrace") or {}).get("frames")) or []
    names = [f["method"]["type"]["name"].split("/")[-1] + "." + f["method"]["name"] for f in frames]
    seen = set(names)
    task = "translate" if seen & TRANSLATE else "keyed step+sink" if seen & KEYED else "other"
    totals[task] += 1
    if names:
        self_counts[task][names[0]] += 1
    for n in seen:
        inclusive[task][n] += 1

for task in ("translate", "keyed step+sink"):
    n = totals[task]
    print(f"== {task}: {n} samples")
    for name, c in self_counts[task].most_common(top):
        print(f"  {100 * c / n:5.1f}% self {100 * inclusive[task][name] / n:5.1f}% incl  {name}")
print(f"other: {totals['other']} samples")

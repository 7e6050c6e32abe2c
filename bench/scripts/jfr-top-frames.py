#!/usr/bin/env python3
"""Hottest top frames of a JFR recording's CPU samples (jdk.ExecutionSample), as counts and shares.

    python3 bench/scripts/jfr-top-frames.py job.jfr [N] [--thread SUBSTRING]

Reads `jfr print --json --events jdk.ExecutionSample` (the JDK's own jfr tool, next to `java`).
The top frame is where the thread was running when sampled (self time); native code such as
snappy's shows as its Java caller only when the JVM could walk it, otherwise the sample is missing.
"""
import collections, json, os, subprocess, sys

args = [a for a in sys.argv[1:]]
thread = None
if "--thread" in args:
    i = args.index("--thread")
    thread = args[i + 1]
    del args[i:i + 2]
path, top = args[0], int(args[1]) if len(args) > 1 else 15
jfr = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64"), "bin", "jfr")
out = subprocess.run([jfr if os.path.exists(jfr) else "jfr", "print", "--json", "--events", "jdk.ExecutionSample", path],
                     check=True, capture_output=True, text=True).stdout
events = json.loads(out)["recording"]["events"]

frames, threads, total = collections.Counter(), collections.Counter(), 0
for e in events:
    v = e["values"]
    name = (v.get("sampledThread") or {}).get("javaName") or (v.get("sampledThread") or {}).get("osName") or "?"
    if thread and thread not in name:
        continue
    stack = (v.get("stackTrace") or {}).get("frames") or []
    if not stack:
        continue
    m = stack[0]["method"]
    frames[m["type"]["name"].replace("/", ".") + "." + m["name"]] += 1
    threads[name] += 1
    total += 1

print(f"{total} execution samples{' of threads matching ' + thread if thread else ''}")
print(f"| # | top frame (self) | samples | share |\n|---|---|---|---|")
for k, (frame, n) in enumerate(frames.most_common(top), 1):
    print(f"| {k} | `{frame}` | {n} | {100.0 * n / total:.1f}% |")
print("\nby thread:")
for name, n in threads.most_common(8):
    print(f"  {100.0 * n / total:5.1f}%  {name}")

#!/usr/bin/env python3
"""Generate a git repository of N commits for benchmarking Canary's git importer.

Usage: scripts/make-git-repo.py N OUTDIR [--seed S]

Streams the commits into `git fast-import` (no working files: every commit has the empty
tree), so 200,000 commits take seconds. The history is deterministic for a seed: 25 authors
in several UTC offsets, author times spread over about six years with working-hours and
late-night clusters, four long-lived branches that start from `main`, and an occasional merge
back into `main`. A `.mailmap`-free, message-free history: only what the importer reads.

Compare with: git -C OUTDIR log --all --format='%at %ae' | wc -l
"""

import argparse
import os
import random
import subprocess
import sys

OFFSETS = ["+0000", "+0100", "+0200", "-0500", "-0400", "+0530", "+1000", "-0800", "+0900"]
BRANCHES = ["main", "develop", "release", "feature/ingest", "hotfix"]
START = 1_514_764_800  # 2018-01-01T00:00:00Z


def offset_seconds(off: str) -> int:
    sign = -1 if off[0] == "-" else 1
    return sign * (int(off[1:3]) * 3600 + int(off[3:5]) * 60)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of commits")
    ap.add_argument("outdir", help="repository to create (must not exist or be empty)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if os.path.exists(args.outdir) and os.listdir(args.outdir):
        print(f"{args.outdir} exists and is not empty", file=sys.stderr)
        return 2

    rng = random.Random(args.seed)
    authors = []
    for i in range(25):
        authors.append((f"Dev {i:02d}", f"dev{i:02d}@example.org", rng.choice(OFFSETS)))

    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "init", "-q", "-b", "main", args.outdir], check=True, env=env)
    fi = subprocess.Popen(
        ["git", "-C", args.outdir, "fast-import", "--quiet", "--done"],
        stdin=subprocess.PIPE,
        env=env,
    )
    out = fi.stdin
    assert out is not None

    heads = {}  # branch -> mark of its tip
    now = START
    # About six years for any N: mean spacing in seconds.
    mean_gap = max(1, (6 * 365 * 86400) // max(1, args.n))
    chunks = []
    for mark in range(1, args.n + 1):
        now += rng.randint(1, 2 * mean_gap)
        name, email, off = authors[rng.randrange(len(authors))]
        # Cluster local times: mostly working hours, some evenings and nights.
        local = now + offset_seconds(off)
        hour = rng.choices([10, 15, 20, 2], weights=[45, 35, 15, 5])[0]
        t = local - local % 86400 + hour * 3600 + rng.randrange(3600) - offset_seconds(off)
        branch = "main" if mark == 1 else rng.choices(BRANCHES, weights=[50, 25, 10, 10, 5])[0]
        parent = heads.get(branch, heads.get("main"))
        lines = [
            f"commit refs/heads/{branch}",
            f"mark :{mark}",
            f"author {name} <{email}> {t} {off}",
            f"committer {name} <{email}> {t} {off}",
            "data 0",
        ]
        if parent is not None:
            lines.append(f"from :{parent}")
        if branch == "main" and rng.random() < 0.02:
            other = heads.get(rng.choice(BRANCHES[1:]))
            if other is not None and other != parent:
                lines.append(f"merge :{other}")
        heads[branch] = mark
        chunks.append("\n".join(lines) + "\n\n")
        if len(chunks) >= 5000:
            out.write("".join(chunks).encode())
            chunks.clear()
    out.write("".join(chunks).encode())
    out.write(b"done\n")
    out.close()
    if fi.wait() != 0:
        print("git fast-import failed", file=sys.stderr)
        return 1
    print(f"{args.n} commits in {args.outdir} on {len(heads)} branches", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

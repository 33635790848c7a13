#!/usr/bin/env python3
"""syllabus benchmark: the same synthetic corpus built by syllabus and by Hugo.

Generates corpora with gen_corpus.py (a copy of ../shared/bench/gen_corpus.py; Hugo gets
identical text with --layout hugo), then for each corpus alternates syllabus and Hugo builds
and prints medians of wall time, pages per second and peak memory (from /usr/bin/time -v),
with the syllabus/Hugo time ratio of the same run. Also times `syllabus check`, `syllabus
package` of a 1,000-module course, an incremental rebuild in `serve` after editing one module,
and checks the build is identical with 1 thread and with all threads.

Usage: bash bench/run.sh [--runs N] [--sizes 1000,10000] [--work DIR] [--out-base DIR] [--no-hugo]
--out-base /dev/shm writes both sites to a tmpfs: on an ext4 disk without a journal, creating
files right after many were deleted is slow in the kernel (it skips recently freed inodes), and
that, not either tool, then dominates the figures.
Python 3 standard library only.
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BIN = os.path.join(REPO, "target", "release", "syllabus")


def sh(cmd, cwd=None, env=None, capture=True):
    return subprocess.run(cmd, cwd=cwd, env=env, check=True, text=True,
                          stdout=subprocess.PIPE if capture else None,
                          stderr=subprocess.PIPE if capture else None)


def generate(layout, n, locales, out):
    if os.path.isdir(out):
        return
    args = [sys.executable, os.path.join(HERE, "gen_corpus.py"), "--layout", layout,
            "--n", str(n), "--out", out]
    if locales:
        args += ["--locales", str(locales)]
    if layout == "syllabus":
        args += ["--notes"]
    sh(args)


def timed(cmd, cwd, env=None):
    """Runs cmd under /usr/bin/time -v: (seconds, peak MiB)."""
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=cwd, env=env, text=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)} in {cwd}\n{r.stderr[-3000:]}")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    return wall, (int(m.group(1)) / 1024 if m else float("nan"))


def pages(folder):
    return sum(1 for _, _, files in os.walk(folder) for f in files if f.endswith(".html"))


def tree_digest(folder):
    import hashlib
    h = hashlib.sha256()
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(root, f)
            h.update(os.path.relpath(p, folder).encode())
            with open(p, "rb") as fh:
                h.update(fh.read())
    return h.hexdigest()


def median(xs):
    return statistics.median(xs)


def output_of(tool_dir, out_base):
    """Where a corpus's site is written: `public` in the corpus, or under --out-base."""
    if not out_base:
        return os.path.join(tool_dir, "public")
    return os.path.join(out_base, os.path.basename(tool_dir), "public")


def build_pair(name, syl_dir, hugo_dir, runs, with_hugo, out_base):
    syl, hug = [], []
    syl_out, hugo_out = output_of(syl_dir, out_base), output_of(hugo_dir, out_base)
    for i in range(runs):
        # Alternate which tool goes first so neither always gets the warmer cache.
        order = ["s", "h"] if i % 2 == 0 else ["h", "s"]
        for tool in order:
            # Both tools build into an empty folder: the previous output is deleted before the
            # clock starts (syllabus would otherwise also pay for deleting its old site; that
            # cost is measured on its own below).
            if tool == "s":
                shutil.rmtree(syl_out, ignore_errors=True)
                syl.append(timed([BIN, "build", "--quiet", "--out", syl_out], syl_dir))
            elif with_hugo:
                shutil.rmtree(hugo_out, ignore_errors=True)
                hug.append(timed(["hugo", "--quiet", "-d", hugo_out], hugo_dir))
    sp = pages(syl_out)
    # A rebuild over the previous output: the new site is swapped in, the old one deleted.
    replace = timed([BIN, "build", "--quiet", "--out", syl_out], syl_dir)[0]
    row = {"corpus": name, "syl_s": median([w for w, _ in syl]), "syl_mib": max(m for _, m in syl),
           "syl_pages": sp, "replace_s": replace}
    if with_hugo:
        hp = pages(hugo_out)
        row.update({"hugo_s": median([w for w, _ in hug]), "hugo_mib": max(m for _, m in hug),
                    "hugo_pages": hp})
    return row


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def incremental(syl_dir, edits=5):
    """Edits one module under `serve` and reads serve's own report of the rebuild."""
    port = free_port()
    proc = subprocess.Popen([BIN, "serve", "--port", str(port)], cwd=syl_dir, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    times = []
    try:
        line = ""
        while "Serving" not in line:
            line = proc.stdout.readline()
            if not line:
                sys.exit("serve stopped before it started")
        target = None
        for root, _, files in os.walk(os.path.join(syl_dir, "content")):
            for f in sorted(files):
                if f.endswith(".md") and f.count(".") == 1 and not f.startswith("_"):
                    target = os.path.join(root, f)
                    break
            if target:
                break
        original = open(target, encoding="utf-8").read()
        # The watcher is running when "Serving" is printed; let the initial search index settle.
        time.sleep(1.0)
        for i in range(edits):
            with open(target, "w", encoding="utf-8") as fh:
                fh.write(original + f"\n\nEdited for the benchmark, round {i}.\n")
            while True:
                line = proc.stdout.readline()
                if not line:
                    sys.exit("serve stopped")
                m = re.search(r"Rebuilt (.*?) in ([\d.]+) ms", line)
                if m:
                    times.append(float(m.group(2)))
                    break
            time.sleep(0.3)
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(original)
    finally:
        proc.terminate()
        proc.wait()
    return median(times)


def package_course(syl_dir, work):
    """A copy of the corpus with one package holding every module: a 1,000-SCO course."""
    pkg_dir = os.path.join(work, os.path.basename(syl_dir) + "-package")
    if not os.path.isdir(pkg_dir):
        shutil.copytree(syl_dir, pkg_dir, ignore=shutil.ignore_patterns("public", "dist"))
        sections = sorted(d for d in os.listdir(os.path.join(pkg_dir, "content"))
                          if os.path.isdir(os.path.join(pkg_dir, "content", d)) and d != "images")
        with open(os.path.join(pkg_dir, "syllabus.yaml"), "a", encoding="utf-8") as fh:
            fh.write("\npackages:\n  - name: whole-course\n    modules: [%s]\n    standard: scorm2004\n"
                     % ", ".join(sections))
    return pkg_dir


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--work", default="/tmp/syllabus-bench")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--out-base", default=None,
                    help="write both tools' sites under this folder (e.g. /dev/shm, a tmpfs) "
                         "instead of in the corpus folders on disk")
    args = ap.parse_args()
    with_hugo = not args.no_hugo and shutil.which("hugo") is not None
    if not args.no_hugo and not with_hugo:
        sys.exit("hugo is not installed: apt-get install hugo (or pass --no-hugo)")
    os.makedirs(args.work, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    corpora = [(f"{n} modules", n, 0) for n in sizes]
    if 10000 in sizes:
        corpora.append(("10000 modules, 2 locales", 10000, 2))
    rows = []
    for name, n, locales in corpora:
        tag = f"{n}" + (f"-l{locales}" if locales else "")
        syl_dir = os.path.join(args.work, f"syllabus-{tag}")
        hugo_dir = os.path.join(args.work, f"hugo-{tag}")
        print(f"generating {name} ...", file=sys.stderr)
        generate("syllabus", n, locales, syl_dir)
        if with_hugo:
            generate("hugo", n, locales, hugo_dir)
        print(f"building {name} ({args.runs} runs each) ...", file=sys.stderr)
        rows.append(build_pair(name, syl_dir, hugo_dir, args.runs, with_hugo, args.out_base))
    print()
    print("| corpus | syllabus s | pages/s | peak MiB | Hugo s | pages/s | peak MiB | syllabus/Hugo |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        line = f"| {r['corpus']} | {r['syl_s']:.2f} | {r['syl_pages'] / r['syl_s']:.0f} | {r['syl_mib']:.0f} |"
        if with_hugo:
            line += f" {r['hugo_s']:.2f} | {r['hugo_pages'] / r['hugo_s']:.0f} | {r['hugo_mib']:.0f} | {r['syl_s'] / r['hugo_s']:.2f} |"
        else:
            line += " – | – | – | – |"
        print(line)
    for r in rows:
        print(f"{r['corpus']}: syllabus rebuilding over its previous output (which it deletes): "
              f"{r['replace_s']:.2f} s")
    by = {r["corpus"]: r for r in rows}
    if "1000 modules" in by and "10000 modules" in by:
        print(f"\n10,000/1,000 time ratio: {by['10000 modules']['syl_s'] / by['1000 modules']['syl_s']:.1f}")
    largest = os.path.join(args.work, f"syllabus-{max(sizes)}")
    checks = [timed([BIN, "check", "--quiet"], largest)[0] for _ in range(args.runs)]
    print(f"check of {max(sizes)} modules: {median(checks):.2f} s")
    if 1000 in sizes:
        pkg = package_course(os.path.join(args.work, "syllabus-1000"), args.work)
        times = [timed([BIN, "package", "--quiet", "--out", "dist"], pkg) for _ in range(args.runs)]
        size = sum(os.path.getsize(os.path.join(pkg, "dist", f)) for f in os.listdir(os.path.join(pkg, "dist")))
        print(f"package of a 1,000-module course (SCORM 2004): {median([w for w, _ in times]):.2f} s, "
              f"peak {max(m for _, m in times):.0f} MiB, {size / 1048576:.1f} MiB zip")
    print(f"incremental rebuild in serve after editing one module ({max(sizes)} modules): "
          f"{incremental(largest):.1f} ms (median of 5)")
    one = os.path.join(args.work, "threads-1")
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    sh([BIN, "build", "--quiet", "--out", one], cwd=largest, env=env)
    same = tree_digest(one) == tree_digest(output_of(largest, args.out_base))
    print(f"output with 1 thread identical to all threads: {'yes' if same else 'NO'}")
    shutil.rmtree(one, ignore_errors=True)
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Runs the commands of docs/tutorial.md and compares their output with the page.

    tutorial.py check  TUTORIAL WORKDIR PREFIX   exit 1 and show the differences when any output differs
    tutorial.py update TUTORIAL WORKDIR PREFIX   write the real outputs into the page

In the page, a fenced block whose info string is `console` holds commands
(lines starting with "$ ") each followed by its output (stdout and stderr
together). A fenced block with `file=NAME` in its info string (```csv
file=bao-cao.csv) is written to WORKDIR/NAME before the commands after it run.
Blocks of other kinds (```sh, the install step) are not run.

Commands run with bash in WORKDIR, one shell for the whole page, with HOME set
to WORKDIR/home and PREFIX/bin (an installed campaign) first on PATH. In the
output, PREFIX is written as /usr and HOME as /home/an, as on the machine the
page describes, and runs of spaces are squeezed before comparing, since
replacing a path changes a table's column widths.
"""

import os
import re
import subprocess
import sys

FENCE = re.compile(r"^```(.*)$")


def parse(text):
    """Yields ('file', name, content, None) and ('cmd', command, expected, index-of-output-lines)."""
    lines = text.split("\n")
    steps = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m or not m.group(1):
            i += 1
            continue
        info = m.group(1).split()
        j = i + 1
        while j < len(lines) and lines[j] != "```":
            j += 1
        body = lines[i + 1 : j]
        files = [w[len("file="):] for w in info if w.startswith("file=")]
        if files:
            steps.append(("file", files[0], "\n".join(body) + "\n", None))
        elif info[0] == "console":
            k = 0
            while k < len(body):
                if not body[k].startswith("$ "):
                    raise SystemExit("tutorial: line %d: expected a '$ ' command line" % (i + 2 + k))
                command = body[k][2:]
                start = k + 1
                k += 1
                while k < len(body) and not body[k].startswith("$ "):
                    k += 1
                steps.append(("cmd", command, "\n".join(body[start:k]), (i + 1 + start, i + 1 + k)))
        i = j + 1
    return lines, steps


def normalise(out, prefix, home):
    """Writes PREFIX as /usr and HOME as /home/an; a table (header, dashed rule,
    rows) is laid out again, so that its columns stay aligned."""
    def fix(text):
        return text.replace(os.path.realpath(prefix), "/usr").replace(prefix, "/usr").replace(home, "/home/an")

    lines = out.split("\n")
    if len(lines) < 2 or not re.fullmatch(r"-+( +-+)*", lines[1]):
        return fix(out)
    spans = [m.span() for m in re.finditer(r"-+", lines[1])]
    rows = []
    for line in lines:
        cells = []
        for n, (start, end) in enumerate(spans):
            stop = spans[n + 1][0] if n + 1 < len(spans) else len(line)
            raw = line[start:stop].rstrip()
            cells.append((fix(raw.strip()), raw.startswith(" ")))
        rows.append(cells)
    widths = [max(len(row[n][0]) for row in rows if row is not rows[1]) for n in range(len(spans))]
    result = []
    for r, row in enumerate(rows):
        if r == 1:
            result.append("  ".join("-" * w for w in widths))
            continue
        cells = [c.rjust(w) if right else c.ljust(w) for (c, right), w in zip(row, widths)]
        result.append("  ".join(cells).rstrip())
    return "\n".join(result)


def squeeze(text):
    return "\n".join(re.sub(r" +", " ", line).rstrip() for line in text.split("\n")).strip("\n")


def main():
    mode, tutorial, workdir, prefix = sys.argv[1:5]
    text = open(tutorial, encoding="utf-8").read()
    lines, steps = parse(text)
    home = os.path.join(workdir, "home")
    os.makedirs(home, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAMPAIGN_") and not k.startswith("XDG_")}
    env.update(HOME=home, LC_ALL="C.UTF-8", PATH=os.path.join(prefix, "bin") + ":" + os.environ["PATH"])
    env.pop("LANG", None)
    env.pop("LC_MESSAGES", None)
    failures = 0
    replacements = []  # (first line, end line, new output lines), applied bottom-up
    for kind, name, content, where in steps:
        if kind == "file":
            with open(os.path.join(workdir, name), "w", encoding="utf-8") as f:
                f.write(content)
            continue
        run = subprocess.run(["bash", "-c", name], cwd=workdir, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
        out = run.stdout.decode("utf-8", "replace").replace("\r\n", "\n")
        out = normalise(out.rstrip("\n"), prefix, home)
        if run.returncode != 0:
            print("tutorial: '%s' exited with %d:\n%s" % (name, run.returncode, out), file=sys.stderr)
            failures += 1
        if mode == "update":
            replacements.append((where[0], where[1], out.split("\n") if out else []))
        elif squeeze(out) != squeeze(content):
            failures += 1
            print("tutorial: the output of '%s' differs from the page (line %d)" % (name, where[0]), file=sys.stderr)
            print("--- page\n%s\n--- real\n%s\n---" % (content, out), file=sys.stderr)
        else:
            print("tutorial: ok: %s" % name)
    if mode == "update":
        for first, end, new in reversed(replacements):
            lines[first:end] = new
        with open(tutorial, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
    print("tutorial: %d commands, %d failed" % (sum(1 for s in steps if s[0] == "cmd"), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

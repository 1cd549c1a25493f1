#!/usr/bin/env python3
"""check-layers.py [SRC]: every #include in console/ keeps to the layers, and no module
depends on itself through others.

The layers (README.md, Architecture), lowest first:

    platform  <  core  <  sound, screen, remote  <  app

A file may include headers of its own folder and of the folders below it; sound/,
screen/ and remote/ stand side by side and never include one another. Project headers
are written with their folder ("core/plan.h"). A module is a .c/.h pair; it depends on
another module when its .c or .h includes that module's header, and those dependencies
must have no cycle (schema uses library, so library's header may not need schema).

The README says the same, and is checked against it: its table of which folder may
include which is this rule, its table of modules has a row for every module, and the
folders it lists module by module list each of theirs.

Prints every offending line as FILE:LINE: message and exits 1 when there is one."""

import os
import re
import sys

LAYER = {"platform": 0, "core": 1, "sound": 2, "screen": 2, "remote": 2, "app": 3}
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def readme_problems(src, modules):
    """What README.md's Architecture says that the rule and the tree do not."""
    path = os.path.join(src, "README.md")
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    problems = []
    # The layer table: the first table after "**Layers.**", one row a folder.
    start = next((i for i, l in enumerate(lines) if l.startswith("**Layers.**")), None)
    if start is None:
        return [f"README.md: no **Layers.** paragraph in the Architecture section"]
    first = next(i for i in range(start, len(lines)) if lines[i].startswith("|"))
    seen = set()
    i = first + 2  # past the header and its --- row
    while i < len(lines) and lines[i].startswith("|"):
        cells = [c.strip() for c in lines[i].strip("|").split("|")]
        folder = cells[0].strip("`/")
        where = f"README.md:{i + 1}"
        if folder not in LAYER:
            problems.append(f"{where}: `{folder}/` is not a folder of console/")
        else:
            seen.add(folder)
            below = {f for f in LAYER if LAYER[f] < LAYER[folder]}
            said = (below if "every folder" in cells[1] else
                    set(re.findall(r"`(\w+)/`", cells[1])) - {"console"})
            if said != below:
                want = ", ".join(f"{f}/" for f in sorted(below)) or "nothing"
                problems.append(f"{where}: {folder}/ may include {want}, as the rule says")
        i += 1
    for folder in sorted(set(LAYER) - seen):
        problems.append(f"README.md:{first + 1}: the layer table has no row for {folder}/")
    # The folder listing: "  core/      arena, diag, ...   (layer 1: ...)" and the lines
    # that go on with it; a line naming folders ("sound/ screen/ remote/") lists none.
    listed = {}
    top = next((i for i, l in enumerate(lines) if l.startswith("console/ ")), None)
    current = None
    for i in range(top + 1 if top is not None else len(lines), len(lines)):
        m = re.match(r"^  (\w+)/\s+(.*)", lines[i])
        if m and m.group(1) in LAYER:
            current, text = m.group(1), m.group(2)
        elif current and re.match(r"^ {6,}\S", lines[i]):
            text = lines[i]
        else:
            if not lines[i].startswith("  "):
                break
            current = None
            continue
        text = re.sub(r"\(layer.*", "", text)
        if "/" in text:
            current = None
            continue
        listed.setdefault(current, set()).update(re.findall(r"[a-z_][a-z0-9_]*", text))
    for folder, names in sorted(listed.items()):
        have = {m.split("/")[1] for m in modules if m.startswith(folder + "/")}
        for name in sorted(have - names):
            problems.append(f"README.md: the folder listing misses {folder}/{name}")
        for name in sorted(names - have):
            problems.append(f"README.md: the folder listing names {folder}/{name}, "
                            f"which is not a module")
    if not listed:
        problems.append("README.md: no listing of console/'s folders and their modules")
    # The module table: a row "| `name` | ..." for every module.
    rows = {l.split("|")[1].strip().strip("`") for l in lines if l.startswith("| `")}
    for m in sorted(modules):
        if m.split("/")[1] not in rows:
            problems.append(f"README.md: the module table has no row for {m}")
    return problems


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    console = os.path.join(src, "console")
    problems = []
    deps = {}  # module "core/plan" -> {module: (file, line)}
    files = 0
    for folder in sorted(os.listdir(console)):
        path = os.path.join(console, folder)
        if not os.path.isdir(path):
            continue
        if folder not in LAYER:
            problems.append(f"console/{folder}: a folder with no layer; add it to README.md "
                            f"and to {os.path.relpath(__file__, src)}")
            continue
        for name in sorted(os.listdir(path)):
            if not name.endswith((".c", ".h")):
                continue
            files += 1
            rel = f"console/{folder}/{name}"
            module = f"{folder}/{name[:-2]}"
            deps.setdefault(module, {})
            with open(os.path.join(path, name), encoding="utf-8") as f:
                for lineno, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    inc = m.group(1)
                    where = f"{rel}:{lineno}"
                    parts = inc.split("/")
                    if len(parts) != 2 or parts[0] not in LAYER or not parts[1].endswith(".h"):
                        problems.append(f'{where}: "{inc}": name a header of console/ with its '
                                        f'folder, e.g. "core/plan.h"')
                        continue
                    if not os.path.isfile(os.path.join(console, inc)):
                        problems.append(f'{where}: "{inc}": no such header')
                        continue
                    to = parts[0]
                    if to != folder and LAYER[to] >= LAYER[folder]:
                        rule = ("side by side, never each other" if LAYER[to] == LAYER[folder]
                                else "a lower layer may not include a higher one")
                        problems.append(f'{where}: {folder}/ includes "{inc}": {folder}/ (layer '
                                        f'{LAYER[folder]}) and {to}/ (layer {LAYER[to]}) are '
                                        f'{rule}')
                    target = inc[:-2]
                    if target != module:
                        deps[module].setdefault(target, where)
    if files == 0:
        problems.append(f"{console}: no C files found")

    # Cycles among modules: a depth-first search that reports each cycle once.
    state = {}  # module -> 1 on the stack, 2 done
    stack = []
    seen_cycles = set()

    def visit(m):
        state[m] = 1
        stack.append(m)
        for d in sorted(deps.get(m, {})):
            if state.get(d) == 1:
                cycle = stack[stack.index(d):] + [d]
                key = frozenset(cycle)
                if key not in seen_cycles:
                    seen_cycles.add(key)
                    steps = " -> ".join(cycle)
                    where = ", ".join(deps[a][b] for a, b in zip(cycle, cycle[1:]))
                    problems.append(f"include cycle: {steps} ({where})")
            elif state.get(d) is None and d in deps:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in sorted(deps):
        if m not in state:
            visit(m)

    problems += readme_problems(src, deps)

    for p in problems:
        print(p)
    if problems:
        print(f"check-layers: {len(problems)} problem(s) in {files} files", file=sys.stderr)
        return 1
    print(f"check-layers: {files} files keep to the layers, no include cycles, README.md agrees")
    return 0


if __name__ == "__main__":
    sys.exit(main())

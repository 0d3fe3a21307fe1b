#!/usr/bin/env python3
"""Fails when a file includes a header of a project library its target does not link.

Usage: check_module_includes.py TABLE ROOT

TABLE is the module table cmake/module_table.cmake writes at configure time (one line per
target: name, kind, folder, sources, links, interface links). ROOT is the project root.

Every source file of every target, and every header of the tree, is read for
`#include "a/b.h"`. An include that names a file of the project (below ROOT/src or
ROOT/tests, the two include roots) must name a header of a library that the including
target may see: the target itself, what it links, and what those libraries pass on
(PUBLIC links; a static library's PRIVATE links, $<LINK_ONLY:...>, are not passed on).

Which library a header belongs to: the targets that list it (a header-only INTERFACE
library lists its headers) or compile the .cc of the same name;
otherwise the first library defined in the header's folder (or its first executable), or
in the nearest folder above with a target. A header is checked as a file of the library it belongs to.

Exit status 0 when every include is allowed; 1 with one line per offending include
("path:line: #include "x/y.h": target T does not link L (the library of x/y.h)").
"""

import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
INCLUDE_ROOTS = ("src", "tests")
LIBRARY_KINDS = ("STATIC_LIBRARY", "SHARED_LIBRARY", "OBJECT_LIBRARY")
# Header-only libraries: they own the headers they list, and are never a folder's library.
HEADER_ONLY_KIND = "INTERFACE_LIBRARY"
LINK_ONLY = re.compile(r"^\$<LINK_ONLY:(.*)>$")


class Target:
    def __init__(self, fields):
        self.name, self.kind, self.folder = fields[0], fields[1], fields[2]
        self.sources = split_list(fields[3])
        self.links = split_list(fields[4])
        self.interface = split_list(fields[5])

    def is_library(self):
        return self.kind in LIBRARY_KINDS


def split_list(text):
    return [item for item in text.split(";") if item]


def read_table(path):
    targets = {}
    with open(path, encoding="utf-8") as table:
        for line in table:
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 6:
                continue
            target = Target(fields)
            targets[target.name] = target
    return targets


def passed_on(target):
    """The project libraries a target passes on to what links it (not LINK_ONLY)."""
    return [link for link in target.interface if not LINK_ONLY.match(link)]


def visible_libraries(targets, name):
    """The target itself, what it links, and what those pass on, transitively."""
    target = targets[name]
    seen = {name}
    # A header-only library's headers are compiled with what it passes on.
    direct = passed_on(target) if target.kind == HEADER_ONLY_KIND else target.links
    pending = [link for link in direct if link in targets]
    while pending:
        link = pending.pop()
        if link in seen or link not in targets:
            continue
        seen.add(link)
        pending.extend(passed_on(targets[link]))
    return seen


class Ownership:
    """Which targets a file of the tree belongs to."""

    def __init__(self, targets):
        self.compiled_by = {}
        self.first_library_in = {}
        self.first_target_in = {}
        for target in targets.values():
            for source in target.sources:
                self.compiled_by.setdefault(source, []).append(target.name)
            if target.is_library():
                self.first_library_in.setdefault(target.folder, target.name)
            self.first_target_in.setdefault(target.folder, target.name)

    def owners(self, path):
        """The targets path belongs to (a source, or a header of a library); may be empty."""
        if path in self.compiled_by:
            return set(self.compiled_by[path])
        stem, ext = os.path.splitext(path)
        if ext in (".h", ".hpp"):
            for source_ext in (".cc", ".cpp"):
                if stem + source_ext in self.compiled_by:
                    return set(self.compiled_by[stem + source_ext])
        folder = os.path.dirname(path)
        while folder:
            if folder in self.first_library_in:
                return {self.first_library_in[folder]}
            if folder in self.first_target_in:
                return {self.first_target_in[folder]}
            folder = os.path.dirname(folder)
        return set()


def resolve(root, including_file, name):
    """The project file an #include names (relative to root), or None (not ours)."""
    beside = os.path.normpath(os.path.join(os.path.dirname(including_file), name))
    if os.path.isfile(os.path.join(root, beside)):
        return beside
    for include_root in INCLUDE_ROOTS:
        candidate = os.path.join(include_root, name)
        if os.path.isfile(os.path.join(root, candidate)):
            return candidate
    return None


def project_files(root):
    for include_root in INCLUDE_ROOTS:
        for folder, _, names in os.walk(os.path.join(root, include_root)):
            for name in sorted(names):
                if name.endswith((".h", ".hpp", ".cc", ".cpp")):
                    yield os.path.relpath(os.path.join(folder, name), root)


def includes_of(root, path):
    with open(os.path.join(root, path), encoding="utf-8", errors="replace") as source:
        for number, line in enumerate(source, start=1):
            match = INCLUDE.match(line)
            if match:
                yield number, match.group(1)


def check(table_path, root):
    """The offending includes, one message each."""
    targets = read_table(table_path)
    ownership = Ownership(targets)
    visible = {name: visible_libraries(targets, name) for name in targets}
    problems = []
    for path in project_files(root):
        checked_as = ownership.owners(path)
        if not checked_as:
            continue
        for number, name in includes_of(root, path):
            header = resolve(root, path, name)
            if header is None:
                continue
            header_owners = ownership.owners(header)
            if not header_owners:
                continue
            for target in sorted(checked_as):
                if header_owners & visible[target]:
                    continue
                problems.append(
                    f'{path}:{number}: #include "{name}": target {target} does not link '
                    f'{" or ".join(sorted(header_owners))} (the library of {header})')
    return problems


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    problems = check(argv[1], argv[2])
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} include(s) of a library the module does not link; link it "
              "in the module's CMakeLists.txt or move the code", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

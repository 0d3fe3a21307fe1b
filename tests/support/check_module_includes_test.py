#!/usr/bin/env python3
"""Unit tests of check_module_includes.py on tiny trees in a temporary folder."""

import os
import subprocess
import sys
import tempfile
import unittest

CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_module_includes.py")

# Three libraries: low <- mid (PUBLIC) <- top; top links mid only; hidden is linked PRIVATE
# by mid, so top cannot see it; app is an executable linking top.
TABLE = [
    ("appvault_low", "STATIC_LIBRARY", "src/low", "src/low/low.cc", "", ""),
    ("appvault_hidden", "STATIC_LIBRARY", "src/hidden", "src/hidden/hidden.cc", "", ""),
    ("appvault_mid", "STATIC_LIBRARY", "src/mid", "src/mid/mid.cc",
     "appvault_low;appvault_hidden", "appvault_low;$<LINK_ONLY:appvault_hidden>"),
    ("appvault_top", "STATIC_LIBRARY", "src/top", "src/top/top.cc;src/top/extra.cc",
     "appvault_mid", "appvault_mid"),
    ("app", "EXECUTABLE", "src/app", "src/app/main.cc", "appvault_top;GTest::gtest", ""),
    # A header-only test helper in src/low that passes mid on: app_test may include it.
    ("appvault_low_test_util", "INTERFACE_LIBRARY", "src/low", "src/low/low_test_util.h", "",
     "appvault_mid"),
    ("app_test", "EXECUTABLE", "src/app", "src/app/app_test.cc", "appvault_low_test_util", ""),
]

GOOD_FILES = {
    "src/low/low.h": "#pragma once\n",
    "src/low/low.cc": '#include "low/low.h"\n',
    "src/hidden/hidden.h": "#pragma once\n",
    "src/hidden/hidden.cc": '#include "hidden/hidden.h"\n',
    "src/mid/mid.h": '#pragma once\n#include "low/low.h"\n',
    "src/mid/mid.cc": '#include "mid/mid.h"\n#include "hidden/hidden.h"\n',
    "src/top/top.h": '#pragma once\n#include "mid/mid.h"\n',
    "src/top/only_header.h": '#pragma once\n#include "low/low.h"\n',
    "src/top/top.cc": '#include "top/top.h"\n#include <vector>\n#include "gtest/gtest.h"\n',
    "src/top/extra.cc": '#include "top/only_header.h"\n',
    "src/app/main.cc": '#include "top/top.h"\n#include "low/low.h"\n',
    "src/low/low_test_util.h": '#pragma once\n#include "mid/mid.h"\n',
    "src/app/app_test.cc": '#include "low/low_test_util.h"\n#include "mid/mid.h"\n',
}


class CheckModuleIncludesTest(unittest.TestCase):
    def run_checker(self, files):
        with tempfile.TemporaryDirectory(prefix="appvault-boundaries-") as root:
            for path, text in files.items():
                os.makedirs(os.path.join(root, os.path.dirname(path)), exist_ok=True)
                with open(os.path.join(root, path), "w", encoding="utf-8") as out:
                    out.write(text)
            table = os.path.join(root, "module_table.tsv")
            with open(table, "w", encoding="utf-8") as out:
                for row in TABLE:
                    out.write("\t".join(row) + "\n")
            result = subprocess.run([sys.executable, CHECKER, table, root],
                                    capture_output=True, text=True, check=False)
            return result.returncode, result.stdout

    def test_includes_along_the_links_pass(self):
        status, output = self.run_checker(GOOD_FILES)
        self.assertEqual(output, "")
        self.assertEqual(status, 0)

    def test_a_library_that_is_not_linked_fails_naming_file_and_include(self):
        files = dict(GOOD_FILES)
        files["src/low/low.cc"] = '#include "low/low.h"\n#include "top/top.h"\n'
        status, output = self.run_checker(files)
        self.assertEqual(status, 1)
        self.assertIn('src/low/low.cc:2: #include "top/top.h"', output)
        self.assertIn("appvault_low does not link appvault_top", output)

    def test_a_private_link_of_a_dependency_is_not_passed_on(self):
        files = dict(GOOD_FILES)
        files["src/app/main.cc"] = '#include "hidden/hidden.h"\n'
        status, output = self.run_checker(files)
        self.assertEqual(status, 1)
        self.assertIn('src/app/main.cc:1: #include "hidden/hidden.h"', output)

    def test_a_header_is_checked_as_part_of_its_library(self):
        files = dict(GOOD_FILES)
        files["src/mid/mid.h"] = '#pragma once\n#include "top/only_header.h"\n'
        status, output = self.run_checker(files)
        self.assertEqual(status, 1)
        self.assertIn('src/mid/mid.h:2: #include "top/only_header.h"', output)
        self.assertIn("appvault_mid does not link appvault_top", output)

    def test_a_header_only_library_sees_what_it_passes_on(self):
        files = dict(GOOD_FILES)
        files["src/low/low_test_util.h"] = '#pragma once\n#include "top/top.h"\n'
        status, output = self.run_checker(files)
        self.assertEqual(status, 1)
        self.assertIn('src/low/low_test_util.h:2: #include "top/top.h": target '
                      'appvault_low_test_util does not link appvault_top', output)

    def test_every_offending_include_is_listed(self):
        files = dict(GOOD_FILES)
        files["src/low/low.h"] = '#pragma once\n#include "mid/mid.h"\n#include "app/x.h"\n'
        files["src/app/x.h"] = "#pragma once\n"
        files["src/hidden/hidden.cc"] = '#include "low/low.h"\n'
        status, output = self.run_checker(files)
        self.assertEqual(status, 1)
        self.assertEqual(len(output.splitlines()), 3, output)


if __name__ == "__main__":
    unittest.main()

#!/usr/bin/env python3
"""Mutation check of the install decision: each mutant breaks one rule of CONTRACT §4 in
src/core; the core unit tests must fail for every one of them.

Works on a copy of src/core in a temporary folder (the tree is never modified): builds the
core tests once, then for each mutant recompiles the one mutated file, relinks and runs.
Exit 0 when every mutant is killed; 1 naming the survivors."""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# (rule, file, text, replacement): each replacement breaks exactly one rule.
MUTANTS = [
    ("1 not backed up", "decide.cc", "if (!input.backup) {", "if (!input.backup && false) {"),
    ("2 not in catalog", "decide.cc", "if (!input.backed_up_software) {",
     "if (!input.backed_up_software && false) {"),
    ("3 latest picks highest", "decide.cc", "return a->version < b->version;",
     "return a->version > b->version;"),
    ("3 backed-up version used", "decide.cc",
     "if (same_platform) chosen = OfVersion(candidates, backup.version, input.device);",
     "if (same_platform) chosen = nullptr;"),
    ("3 install_latest honoured", "decide.cc", "if (prefs.install_latest) {", "if (false) {"),
    ("3 version_substituted set", "decide.cc", "item->version_substituted = true;", ""),
    ("3 same platform only", "decide.cc",
     "bool same_platform = backup.platform == input.device.platform;",
     "bool same_platform = true;"),
    ("3 ABI preference", "decide.cc", "if (rank_a != rank_b) return rank_a < rank_b;",
     "if (rank_a != rank_b) return rank_a > rank_b;"),
    ("3 ABI: no native code ranks last", "package.cc",
     "if (abis.empty()) return device.abis.size();",
     "if (abis.empty()) return 0;"),
    ("3 min OS bound", "package.cc", "if (package.min_os && device.os_version < *package.min_os)",
     "if (false)"),
    ("3 max OS bound", "package.cc", "if (package.max_os && device.os_version > *package.max_os)",
     "if (false)"),
    ("3 min OS inclusive", "package.cc", "device.os_version < *package.min_os",
     "device.os_version <= *package.min_os"),
    ("3 max OS inclusive", "package.cc", "device.os_version > *package.max_os",
     "device.os_version >= *package.max_os"),
    ("3 native ABI must match", "package.cc", "if (!AbiRank(package, device)) {",
     "if (false) {"),
    ("3 platform must match", "package.cc", "if (package.platform != device.platform) {",
     "if (false) {"),
    ("4 alternatives only when accepted", "decide.cc",
     "if (!prefs.accept_alternatives) return;", ""),
    ("4 alternatives taken when accepted", "decide.cc",
     "if (!prefs.accept_alternatives) return;", "return;"),
    ("4 most votes", "decide.cc", "s.votes > best->software.votes",
     "s.votes < best->software.votes"),
    ("4 ties by software id", "decide.cc", "s.id < best->software.id",
     "s.id > best->software.id"),
    ("4 never the same software", "decide.cc", "if (s.id == own.id || own.category.empty()",
     "if (own.category.empty()"),
    ("4 same category", "decide.cc", "|| s.category != own.category) continue;",
     ") continue;"),
    ("4 alternative must fit", "decide.cc",
     "if (FittingPackages(entry, input.device).empty()) continue;",
     "if (entry.packages.empty()) continue;"),
    ("4 reason names the device OS", "decide.cc", "input.device.Describe() + \")\");",
     "std::string(\")\"));"),
    ("5 configuration with the package", "decide.cc",
     "item->config_sha256 = backup.config_sha256;", ""),
    ("5 never with an alternative", "decide.cc",
     "item->alternative_for = own.id;\n  AppendReason(item, \"recommending",
     "item->alternative_for = own.id; item->config_sha256 = input.backup->config_sha256;\n"
     "  AppendReason(item, \"recommending"),
    ("6 only the backed-up signer's packages are own", "decide.cc",
     "(SignedByLineageOf(*package, *backup.signer_sha256) ? split.own : split.other)",
     "(true ? split.own : split.other)"),
    ("6 another signer only with accept_alternatives", "decide.cc",
     "  if (!prefs.accept_alternatives) {\n    item->outcome = PlanOutcome::kNoCompatiblePackage;",
     "  if (false) {\n    item->outcome = PlanOutcome::kNoCompatiblePackage;"),
    ("6 another signer is offered", "decide.cc",
     "  } else if (!split.other.empty()) {", "  } else if (false) {"),
    ("6 another signer is an alternative", "decide.cc",
     "  item->outcome = PlanOutcome::kAlternative;\n  item->software_id = own.id;",
     "  item->outcome = PlanOutcome::kInstall;\n  item->software_id = own.id;"),
    ("6 another signer never with configuration", "decide.cc",
     "  item->alternative_for = own.id;\n  AppendReason(item, \"installing it",
     "  item->alternative_for = own.id; item->config_sha256 = input.backup->config_sha256;\n"
     "  AppendReason(item, \"installing it"),
    ("6 the reason names both certificates", "decide.cc",
     "input.backup->signer_sha256->Short()", "std::string(\"?\")"),
    ("6 iOS: the software alone decides", "decide.cc",
     "return backup.platform == Platform::kAndroid && device.platform == Platform::kAndroid &&",
     "return"),
    ("5 rotation successor keeps the configuration", "package.cc",
     "return std::find(lineage.begin(), lineage.end(), certificate) != lineage.end();",
     "return false;"),
    ("5 rotation proof must name the backed-up certificate", "package.cc",
     "return std::find(lineage.begin(), lineage.end(), certificate) != lineage.end();",
     "return !lineage.empty();"),
    ("7 ABI split of the most preferred ABI", "split_choice.cc",
     "if (split->abi != device.abis[i]) continue;",
     "if (split->abi != device.abis[device.abis.size() - 1 - i]) continue;"),
    ("7 ABI splits for other ABIs only: does not fit", "split_choice.cc",
     "if (Has(*group.abis, abi)) {", "if (true) {"),
    ("7 nearest density", "split_choice.cc", "distance < best_distance ||",
     "distance > best_distance ||"),
    ("7 density ties to the higher", "split_choice.cc", "split->density > best->density",
     "split->density < best->density"),
    ("7 language splits of the device's locales", "split_choice.cc",
     "if (!ServesLocale(split->locale, locale)) continue;", ""),
    ("7 language splits of every device locale", "split_choice.cc",
     "for (const std::string& locale : device.locales) {",
     "for (const std::string& locale : {device.locales[0]}) {"),
    ("7 a region split only for its region", "split_choice.cc",
     "(split_region.empty() || split_region == device_region)", "true"),
    ("7 every feature split", "split_choice.cc",
     "if (!group.owner.empty()) {\n      chosen.splits.push_back(",
     "if (false) {\n      chosen.splits.push_back("),
    ("7 required split types", "split_choice.cc",
     "if (Status s = CheckRequiredTypes(set, chosen.splits); !s.ok()) return s;", ""),
    ("7 a set that cannot be completed does not fit", "package.cc",
     "if (!choice.ok()) {\n      return \"is an app set", "if (false) {\n      return \"is an app set"),
    ("7 the plan lists the chosen members", "decide.cc",
     "if (item.package) ChooseMembers(input.device, &item);", ""),
    ("settings: sent beats stored", "preferences.cc",
     "sent.install_latest.value_or(stored.install_latest.value_or(defaults.install_latest))",
     "stored.install_latest.value_or(sent.install_latest.value_or(defaults.install_latest))"),
    ("settings: stored used", "preferences.cc",
     "stored.accept_alternatives.value_or(defaults.accept_alternatives)",
     "defaults.accept_alternatives"),
    ("settings: system default off", "preferences.cc",
     "stored.accept_alternatives.value_or(defaults.accept_alternatives)",
     "stored.accept_alternatives.value_or(true)"),
]

SOURCES = ["app_id.cc", "decide.cc", "device.cc", "package.cc", "preferences.cc",
           "sha256.cc", "split_choice.cc", "status.cc", "version.cc"]
TESTS = ["decide_test.cc", "split_choice_test.cc", "version_test.cc", "values_test.cc"]
CXX = [os.environ.get("CXX", "g++"), "-std=c++20", "-O0", "-w"]


def run(cmd, cwd):
    return subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=300)


def compile_one(work, name):
    out = run(CXX + ["-I", work, "-c", os.path.join(work, "core", name), "-o",
                     os.path.join(work, name + ".o")], work)
    if out.returncode != 0:
        sys.exit(f"compile {name} failed:\n{out.stdout}")


def link_and_test(work):
    objects = [os.path.join(work, n + ".o") for n in SOURCES + TESTS]
    binary = os.path.join(work, "core_test")
    out = run(CXX + objects + ["-o", binary, "-lgtest_main", "-lgtest", "-lpthread"], work)
    if out.returncode != 0:
        sys.exit(f"link failed:\n{out.stdout}")
    return run([binary, "--gtest_brief=1"], work).returncode == 0


def main():
    with tempfile.TemporaryDirectory() as work:
        shutil.copytree(os.path.join(ROOT, "src", "core"), os.path.join(work, "core"))
        for name in SOURCES + TESTS:
            compile_one(work, name)
        if not link_and_test(work):
            sys.exit("the unmutated core tests fail; fix them first")
        survivors = []
        for rule, name, text, replacement in MUTANTS:
            path = os.path.join(work, "core", name)
            original = open(path).read()
            if original.count(text) != 1:
                sys.exit(f"mutant '{rule}': text not found exactly once in {name}: {text}")
            open(path, "w").write(original.replace(text, replacement))
            compile_one(work, name)
            killed = not link_and_test(work)
            open(path, "w").write(original)
            compile_one(work, name)
            print(f"{'killed ' if killed else 'SURVIVED'}  rule {rule}", flush=True)
            if not killed:
                survivors.append(rule)
        total = len(MUTANTS)
        print(f"{total - len(survivors)} passed, {len(survivors)} failed")
        if survivors:
            print("mutants that no test caught: " + "; ".join(survivors))
            return 1
        return 0


if __name__ == "__main__":
    sys.exit(main())

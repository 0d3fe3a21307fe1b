// Inspects the given package files round-robin, in one process, as the server does at
// publish time, and prints the mean time per package. Used by bench/inspect_bench.sh.
// Usage: inspect_many COUNT FILE...
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "pkg/inspect.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: inspect_many COUNT FILE...\n");
    return 2;
  }
  const int count = std::atoi(argv[1]);
  std::vector<std::string> files(argv + 2, argv + argc);
  int accepted = 0;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < count; ++i) {
    if (appvault::pkg::InspectPackage(files[i % files.size()]).ok()) ++accepted;
  }
  std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
  std::printf("%.3f ms per package (%d inspections, %d accepted)\n", elapsed.count() / count, count,
              accepted);
  return 0;
}

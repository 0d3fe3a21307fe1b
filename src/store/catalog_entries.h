// CatalogEntries: the library's software with their packages, as CatalogInCategory answers,
// put together from the two lists an SQL store reads.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/decide.h"
#include "store/store.h"

namespace appvault::store {

// Groups packages under their software, keeping the order of both lists; a package of a
// software not in `software` is left out.
inline std::vector<CatalogEntry> CatalogEntries(const std::vector<SoftwareRecord>& software,
                                                std::vector<PackageRecord> packages) {
  std::vector<CatalogEntry> entries;
  std::map<std::string, std::size_t, std::less<>> index;
  for (const SoftwareRecord& record : software) {
    index.emplace(record.software.id, entries.size());
    entries.push_back(CatalogEntry{record.software, {}});
  }
  for (PackageRecord& record : packages) {
    auto it = index.find(record.package.software_id);
    if (it != index.end()) entries[it->second].packages.push_back(std::move(record.package));
  }
  return entries;
}

}  // namespace appvault::store

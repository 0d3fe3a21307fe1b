// Aligned text tables for the human output of `appvault` commands.
#pragma once

#include <string>
#include <vector>

namespace appvault::client::cli {

// Prints rows on stdout, the first being the header: columns separated by two spaces and
// padded to their widest cell (the last column is not padded). Rows may be of any length.
// Every cell is printed TerminalSafe.
void PrintTextTable(const std::vector<std::vector<std::string>>& rows);

}  // namespace appvault::client::cli

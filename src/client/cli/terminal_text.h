// Text from the server (software names, descriptions, publishers, reasons, version names)
// made safe for a terminal: a publisher must not be able to write escape sequences onto a
// user's screen. JSON output is not passed through here (it stays exact, JSON-escaped).
#pragma once

#include <string>
#include <string_view>

namespace appvault::client::cli {

// `text` with every control character escaped: C0 controls (bytes 0x00–0x1f, line breaks
// and tabs included), DEL (0x7f) as "\xHH", and C1 controls (U+0080–U+009F, as UTF-8) as
// "\u00HH". Every other byte, and so every printable UTF-8 character, is kept. Pure.
std::string TerminalSafe(std::string_view text);

// Prints `text` on stdout line by line, each line TerminalSafe and ended by a line break.
void PrintSafeLines(std::string_view text);

}  // namespace appvault::client::cli

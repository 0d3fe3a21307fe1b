// Trimming of text, without allocation: the results view into the argument.
#pragma once

#include <string_view>

namespace appvault::base {

// Spaces and tabs: HTTP's optional whitespace.
inline constexpr std::string_view kBlanks = " \t";
// Spaces, tabs and line endings.
inline constexpr std::string_view kWhitespace = " \t\r\n";

// text without the leading characters that are in chars. Pure.
std::string_view TrimLeft(std::string_view text, std::string_view chars = kBlanks);
// text without the trailing characters that are in chars. Pure.
std::string_view TrimRight(std::string_view text, std::string_view chars = kBlanks);
// text without leading and trailing characters that are in chars. Pure.
std::string_view Trim(std::string_view text, std::string_view chars = kBlanks);

}  // namespace appvault::base

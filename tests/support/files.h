// Files and shell commands in tests.
#pragma once

#include <string>

namespace appvault::test {

// The content of a file; "" when it does not exist or cannot be read.
std::string ReadFile(const std::string& path);

// Writes bytes to path (replacing it), creating the folders above it. Throws
// std::runtime_error naming the path and errno's text when that fails.
void WriteFile(const std::string& path, const std::string& bytes);

// Runs command with sh; returns its exit status (-1 when it did not exit normally), with
// what it printed on stdout and stderr in *output.
int RunShell(const std::string& command, std::string* output = nullptr);

// Single-quotes text for the shell.
std::string ShellQuote(const std::string& text);

}  // namespace appvault::test

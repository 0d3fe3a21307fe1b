// The table of apksigner's V1SchemeVerifier (facts about Android versions, by name).
#include "pkg/jar_algorithms.h"

#include <utility>

namespace appvault::pkg {
namespace {

constexpr std::pair<std::string_view, std::string_view> kOidNames[] = {
    {"1.2.840.113549.2.5", "MD5"},
    {"1.3.14.3.2.26", "SHA-1"},
    {"2.16.840.1.101.3.4.2.4", "SHA-224"},
    {"2.16.840.1.101.3.4.2.1", "SHA-256"},
    {"2.16.840.1.101.3.4.2.2", "SHA-384"},
    {"2.16.840.1.101.3.4.2.3", "SHA-512"},
    {"1.2.840.113549.1.1.1", "RSA"},
    {"1.2.840.113549.1.1.4", "MD5 with RSA"},
    {"1.2.840.113549.1.1.5", "SHA-1 with RSA"},
    {"1.2.840.113549.1.1.14", "SHA-224 with RSA"},
    {"1.2.840.113549.1.1.11", "SHA-256 with RSA"},
    {"1.2.840.113549.1.1.12", "SHA-384 with RSA"},
    {"1.2.840.113549.1.1.13", "SHA-512 with RSA"},
    {"1.2.840.10040.4.1", "DSA"},
    {"1.2.840.10040.4.3", "SHA-1 with DSA"},
    {"2.16.840.1.101.3.4.3.1", "SHA-224 with DSA"},
    {"2.16.840.1.101.3.4.3.2", "SHA-256 with DSA"},
    {"2.16.840.1.101.3.4.3.3", "SHA-384 with DSA"},
    {"2.16.840.1.101.3.4.3.4", "SHA-512 with DSA"},
    {"1.2.840.10045.2.1", "ECDSA"},
    {"1.2.840.10045.4.1", "SHA-1 with ECDSA"},
    {"1.2.840.10045.4.3.1", "SHA-224 with ECDSA"},
    {"1.2.840.10045.4.3.2", "SHA-256 with ECDSA"},
    {"1.2.840.10045.4.3.3", "SHA-384 with ECDSA"},
    {"1.2.840.10045.4.3.4", "SHA-512 with ECDSA"},
};

constexpr int kMax = kAnyNewerSdk;

struct Row {
  std::string_view digest;     // readable name
  std::string_view signature;  // readable name
  SdkRange first;
  SdkRange second;  // {0, -1}: none
};
constexpr SdkRange kNone{0, -1};
constexpr SdkRange kAll{0, kMax};
constexpr SdkRange k21to23{21, 23};

// Pairs not listed verify on no Android version.
constexpr Row kRows[] = {
    // RSA
    {"MD5", "RSA", kAll, kNone},
    {"MD5", "MD5 with RSA", {0, 8}, {21, kMax}},
    {"MD5", "SHA-1 with RSA", k21to23, kNone},
    {"MD5", "SHA-224 with RSA", k21to23, kNone},
    {"MD5", "SHA-256 with RSA", k21to23, kNone},
    {"MD5", "SHA-384 with RSA", k21to23, kNone},
    {"MD5", "SHA-512 with RSA", k21to23, kNone},
    {"SHA-1", "RSA", kAll, kNone},
    {"SHA-1", "MD5 with RSA", k21to23, kNone},
    {"SHA-1", "SHA-1 with RSA", kAll, kNone},
    {"SHA-1", "SHA-224 with RSA", k21to23, kNone},
    {"SHA-1", "SHA-256 with RSA", k21to23, kNone},
    {"SHA-1", "SHA-384 with RSA", k21to23, kNone},
    {"SHA-1", "SHA-512 with RSA", k21to23, kNone},
    {"SHA-224", "RSA", {0, 8}, {21, kMax}},
    {"SHA-224", "MD5 with RSA", k21to23, kNone},
    {"SHA-224", "SHA-1 with RSA", k21to23, kNone},
    {"SHA-224", "SHA-224 with RSA", {0, 8}, {21, kMax}},
    {"SHA-224", "SHA-256 with RSA", {21, 21}, kNone},
    {"SHA-224", "SHA-384 with RSA", k21to23, kNone},
    {"SHA-224", "SHA-512 with RSA", k21to23, kNone},
    {"SHA-256", "RSA", {0, 8}, {18, kMax}},
    {"SHA-256", "MD5 with RSA", k21to23, kNone},
    {"SHA-256", "SHA-1 with RSA", {21, 21}, kNone},
    {"SHA-256", "SHA-224 with RSA", k21to23, kNone},
    {"SHA-256", "SHA-256 with RSA", {0, 8}, {18, kMax}},
    {"SHA-256", "SHA-384 with RSA", k21to23, kNone},
    {"SHA-256", "SHA-512 with RSA", k21to23, kNone},
    {"SHA-384", "RSA", {18, kMax}, kNone},
    {"SHA-384", "MD5 with RSA", k21to23, kNone},
    {"SHA-384", "SHA-1 with RSA", k21to23, kNone},
    {"SHA-384", "SHA-224 with RSA", k21to23, kNone},
    {"SHA-384", "SHA-256 with RSA", k21to23, kNone},
    {"SHA-384", "SHA-384 with RSA", {21, kMax}, kNone},
    {"SHA-384", "SHA-512 with RSA", k21to23, kNone},
    {"SHA-512", "RSA", {18, kMax}, kNone},
    {"SHA-512", "MD5 with RSA", k21to23, kNone},
    {"SHA-512", "SHA-1 with RSA", k21to23, kNone},
    {"SHA-512", "SHA-224 with RSA", k21to23, kNone},
    {"SHA-512", "SHA-256 with RSA", k21to23, kNone},
    {"SHA-512", "SHA-384 with RSA", {21, 21}, kNone},
    {"SHA-512", "SHA-512 with RSA", {21, kMax}, kNone},
    // DSA
    {"MD5", "SHA-1 with DSA", k21to23, kNone},
    {"MD5", "SHA-224 with DSA", k21to23, kNone},
    {"MD5", "SHA-256 with DSA", k21to23, kNone},
    {"SHA-1", "DSA", kAll, kNone},
    {"SHA-1", "SHA-1 with DSA", {9, kMax}, kNone},
    {"SHA-1", "SHA-224 with DSA", k21to23, kNone},
    {"SHA-1", "SHA-256 with DSA", k21to23, kNone},
    {"SHA-224", "DSA", {22, kMax}, kNone},
    {"SHA-224", "SHA-1 with DSA", k21to23, kNone},
    {"SHA-224", "SHA-224 with DSA", {21, kMax}, kNone},
    {"SHA-224", "SHA-256 with DSA", k21to23, kNone},
    {"SHA-256", "DSA", {22, kMax}, kNone},
    {"SHA-256", "SHA-1 with DSA", k21to23, kNone},
    {"SHA-256", "SHA-224 with DSA", k21to23, kNone},
    {"SHA-256", "SHA-256 with DSA", {21, kMax}, kNone},
    {"SHA-384", "SHA-1 with DSA", k21to23, kNone},
    {"SHA-384", "SHA-224 with DSA", k21to23, kNone},
    {"SHA-384", "SHA-256 with DSA", k21to23, kNone},
    {"SHA-512", "SHA-1 with DSA", k21to23, kNone},
    {"SHA-512", "SHA-224 with DSA", k21to23, kNone},
    {"SHA-512", "SHA-256 with DSA", k21to23, kNone},
    // ECDSA
    {"SHA-1", "ECDSA", {18, kMax}, kNone},
    {"SHA-224", "ECDSA", {21, kMax}, kNone},
    {"SHA-256", "ECDSA", {18, kMax}, kNone},
    {"SHA-384", "ECDSA", {18, kMax}, kNone},
    {"SHA-512", "ECDSA", {18, kMax}, kNone},
    {"MD5", "SHA-1 with ECDSA", k21to23, kNone},
    {"MD5", "SHA-224 with ECDSA", k21to23, kNone},
    {"MD5", "SHA-256 with ECDSA", k21to23, kNone},
    {"MD5", "SHA-384 with ECDSA", k21to23, kNone},
    {"MD5", "SHA-512 with ECDSA", k21to23, kNone},
    {"SHA-1", "SHA-1 with ECDSA", {18, kMax}, kNone},
    {"SHA-1", "SHA-224 with ECDSA", k21to23, kNone},
    {"SHA-1", "SHA-256 with ECDSA", k21to23, kNone},
    {"SHA-1", "SHA-384 with ECDSA", k21to23, kNone},
    {"SHA-1", "SHA-512 with ECDSA", k21to23, kNone},
    {"SHA-224", "SHA-1 with ECDSA", k21to23, kNone},
    {"SHA-224", "SHA-224 with ECDSA", {21, kMax}, kNone},
    {"SHA-224", "SHA-256 with ECDSA", k21to23, kNone},
    {"SHA-224", "SHA-384 with ECDSA", k21to23, kNone},
    {"SHA-224", "SHA-512 with ECDSA", k21to23, kNone},
    {"SHA-256", "SHA-1 with ECDSA", k21to23, kNone},
    {"SHA-256", "SHA-224 with ECDSA", k21to23, kNone},
    {"SHA-256", "SHA-256 with ECDSA", {21, kMax}, kNone},
    {"SHA-256", "SHA-384 with ECDSA", k21to23, kNone},
    {"SHA-256", "SHA-512 with ECDSA", k21to23, kNone},
    {"SHA-384", "SHA-1 with ECDSA", k21to23, kNone},
    {"SHA-384", "SHA-224 with ECDSA", k21to23, kNone},
    {"SHA-384", "SHA-256 with ECDSA", k21to23, kNone},
    {"SHA-384", "SHA-384 with ECDSA", {21, kMax}, kNone},
    {"SHA-384", "SHA-512 with ECDSA", k21to23, kNone},
    {"SHA-512", "SHA-1 with ECDSA", k21to23, kNone},
    {"SHA-512", "SHA-224 with ECDSA", k21to23, kNone},
    {"SHA-512", "SHA-256 with ECDSA", k21to23, kNone},
    {"SHA-512", "SHA-384 with ECDSA", k21to23, kNone},
    {"SHA-512", "SHA-512 with ECDSA", {21, kMax}, kNone},
};

}  // namespace

std::string JarAlgorithmName(std::string_view oid) {
  for (const auto& [known, name] : kOidNames) {
    if (known == oid) return std::string(name);
  }
  return std::string(oid);
}

std::vector<SdkRange> JarSignatureSupportedLevels(const JarSignatureAlgorithms& algorithms) {
  const std::string digest = JarAlgorithmName(algorithms.digest_oid);
  const std::string signature = JarAlgorithmName(algorithms.signature_oid);
  for (const Row& row : kRows) {
    if (row.digest != digest || row.signature != signature) continue;
    std::vector<SdkRange> out{row.first};
    if (row.second.min <= row.second.max) out.push_back(row.second);
    return out;
  }
  return {};
}

}  // namespace appvault::pkg

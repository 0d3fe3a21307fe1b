// JAR signing verification.
#include "pkg/apk_v1.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include "base/strings.h"
#include "pkg/crypto.h"
#include "pkg/jar_algorithms.h"
#include "pkg/jar_manifest.h"

namespace appvault::pkg {
namespace {

constexpr std::string_view kMetaInf = "META-INF/";
constexpr std::string_view kManifestName = "META-INF/MANIFEST.MF";

// The digests Android 4.3 (API 18) and later pick from, strongest first: attribute names.
struct DigestAttribute {
  std::string_view prefix;
  DigestAlgorithm algorithm;
};
constexpr DigestAttribute kStrongestFirst[] = {
    {"SHA-512", DigestAlgorithm::kSha512},
    {"SHA-384", DigestAlgorithm::kSha384},
    {"SHA-256", DigestAlgorithm::kSha256},
    {"SHA1", DigestAlgorithm::kSha1},
};
// Android 2.3 (API 9) added SHA-384 and SHA-512 to the "Digest-Algorithms" ones.
constexpr int kSdkSha384InDigestAlgorithms = 9;

Status Bad(std::string message) {
  return Status(StatusCode::kBadSignature, "JAR signature: " + std::move(message));
}

// A "Digest-Algorithms" name as Android before 4.3 reads it (case-insensitive), when this
// verifier computes it and Android at min_sdk knows it. MD5 is not computed: refused.
std::optional<DigestAlgorithm> LegacyDigest(std::string_view name, int min_sdk) {
  std::string upper(name);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (upper == "SHA" || upper == "SHA1" || upper == "SHA-1") return DigestAlgorithm::kSha1;
  if (upper == "SHA-256") return DigestAlgorithm::kSha256;
  if (min_sdk < kSdkSha384InDigestAlgorithms) return std::nullopt;
  if (upper == "SHA-384") return DigestAlgorithm::kSha384;
  if (upper == "SHA-512") return DigestAlgorithm::kSha512;
  return std::nullopt;
}

using NamedDigests = std::vector<std::pair<DigestAlgorithm, std::string>>;

// Before API 18: the first digest of the "Digest-Algorithms" list (default "SHA SHA1") that
// the section holds and Android knows.
NamedDigests LegacyDigestsIn(const ManifestSection& section, std::string_view suffix, int min_sdk) {
  const std::string* listed = section.Get("Digest-Algorithms");
  std::string_view rest = listed != nullptr ? std::string_view(*listed) : "SHA SHA1";
  while (!rest.empty()) {
    std::size_t start = rest.find_first_not_of(" \t");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    std::string_view name = rest.substr(0, rest.find_first_of(" \t"));
    rest.remove_prefix(name.size());
    const std::string* value = section.Get(std::string(name) + std::string(suffix));
    std::optional<DigestAlgorithm> algorithm = LegacyDigest(name, min_sdk);
    if (value != nullptr && algorithm) return {{*algorithm, std::string(base::Trim(*value, " "))}};
  }
  return {};
}

// The (algorithm, base64 digest) pairs of a section, for attributes named NAME + suffix, that
// some Android version in levels checks (as apksigner's getDigestsToVerify): before API 18
// the legacy choice, from API 18 on the strongest present. Empty: some version finds none.
NamedDigests DigestsIn(const ManifestSection& section, std::string_view suffix,
                       const SdkRange& levels) {
  NamedDigests out;
  if (levels.min < kSdkStrongestJarDigest) {
    out = LegacyDigestsIn(section, suffix, levels.min);
    if (out.empty()) return out;
  }
  if (levels.max < kSdkStrongestJarDigest) return out;
  for (const DigestAttribute& d : kStrongestFirst) {
    const std::string* value = section.Get(std::string(d.prefix) + std::string(suffix));
    if (value == nullptr) continue;
    std::pair<DigestAlgorithm, std::string> digest(d.algorithm,
                                                   std::string(base::Trim(*value, " ")));
    if (out.empty() || out[0] != digest) out.push_back(std::move(digest));
    break;
  }
  return out;
}

// nullopt: no supported digest; true/false: all supported digests match / one does not.
std::optional<bool> DigestsMatch(const ManifestSection& section, std::string_view suffix,
                                 std::string_view data, const SdkRange& levels) {
  NamedDigests digests = DigestsIn(section, suffix, levels);
  if (digests.empty()) return std::nullopt;
  for (const auto& [algorithm, expected] : digests) {
    if (Base64(Digest(algorithm, data)) != expected) return false;
  }
  return true;
}

// The signature files found in META-INF/.
struct MetaFiles {
  const ZipEntry* manifest = nullptr;
  std::vector<std::pair<const ZipEntry*, const ZipEntry*>> signers;  // (block, .SF)
};

bool IsSignatureBlock(std::string_view name) {
  return name.ends_with(".RSA") || name.ends_with(".DSA") || name.ends_with(".EC");
}

MetaFiles FindMetaFiles(const ZipArchive& zip) {
  MetaFiles files;
  for (const ZipEntry& entry : zip.entries()) {
    std::string_view name = entry.name;
    if (!name.starts_with(kMetaInf)) continue;
    if (name == kManifestName && files.manifest == nullptr) files.manifest = &entry;
    if (!IsSignatureBlock(name)) continue;
    const ZipEntry* sf = zip.Find(std::string(name.substr(0, name.rfind('.'))) + ".SF");
    if (sf != nullptr) files.signers.emplace_back(&entry, sf);  // no .SF: ignored, as apksigner
  }
  std::sort(files.signers.begin(), files.signers.end(),
            [](const auto& a, const auto& b) { return a.first->name < b.first->name; });
  return files;
}

// MANIFEST.MF: its text, its sections, and the per-entry sections by name.
struct Manifest {
  std::string text;
  std::vector<ManifestSection> sections;                    // [0] is the main section
  std::map<std::string, std::size_t, std::less<>> by_name;  // index into sections
};

Result<Manifest> ReadManifest(const ZipArchive& zip, const ZipEntry& entry) {
  Result<std::string> text = zip.ReadEntryToString(entry, kMaxJarManifestSize);
  if (!text.ok()) return text.status();
  Manifest m;
  m.text = std::move(text).value();
  Result<std::vector<ManifestSection>> sections = ParseJarManifest(m.text);
  if (!sections.ok()) return sections.status();
  m.sections = std::move(sections).value();
  for (std::size_t i = 1; i < m.sections.size(); ++i) {
    const std::string* name = m.sections[i].Get("Name");
    if (name == nullptr) return Bad("MANIFEST.MF has a section without a name");
    if (!m.by_name.emplace(*name, i).second) {
      return Bad("MANIFEST.MF has two sections for " + *name);
    }
    if (zip.Find(*name) == nullptr) return Bad("MANIFEST.MF names a missing entry " + *name);
  }
  return m;
}

// The .SF against MANIFEST.MF: the whole-manifest digest, else every section's digest.
Status CheckSignatureFile(const std::vector<ManifestSection>& sf, const Manifest& manifest,
                          const std::string& sf_name, const SdkRange& levels) {
  std::string_view text = manifest.text;
  if (manifest.sections.empty()) return Bad("MANIFEST.MF is empty");
  const ManifestSection& main = manifest.sections[0];
  std::optional<bool> main_ok = DigestsMatch(sf[0], "-Digest-Manifest-Main-Attributes",
                                             text.substr(main.offset, main.size), levels);
  if (main_ok == false) return Bad(sf_name + ": digest of MANIFEST.MF main attributes mismatch");
  if (DigestsMatch(sf[0], "-Digest-Manifest", text, levels) == true) return Status::Ok();
  for (std::size_t i = 1; i < sf.size(); ++i) {
    const std::string* name = sf[i].Get("Name");
    auto section = name == nullptr ? manifest.by_name.end() : manifest.by_name.find(*name);
    if (section == manifest.by_name.end()) {
      return Bad(sf_name + " names an entry MANIFEST.MF does not list");
    }
    const ManifestSection& s = manifest.sections[section->second];
    std::optional<bool> ok = DigestsMatch(sf[i], "-Digest", text.substr(s.offset, s.size), levels);
    if (!ok.has_value()) return Bad(sf_name + ": no supported digest for " + *name);
    if (!*ok) return Bad(sf_name + ": digest of MANIFEST.MF section " + *name + " mismatch");
  }
  return Status::Ok();
}

// The scheme ids of "X-Android-APK-Signed: 2, 3".
void AddClaimedSchemes(const ManifestSection& main, std::vector<int>* schemes) {
  const std::string* value = main.Get("X-Android-APK-Signed");
  if (value == nullptr) return;
  std::string_view rest = *value;
  while (!rest.empty()) {
    std::size_t comma = rest.find(',');
    std::string_view item = base::Trim(rest.substr(0, comma), " ");
    if (item.size() == 1 && item[0] >= '0' && item[0] <= '9') schemes->push_back(item[0] - '0');
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
}

// One signer: its PKCS#7 over the .SF, and the .SF against MANIFEST.MF. Returns the
// certificate; adds the entry names the .SF lists to *listed.
// The signer's algorithms are supported on every API level of levels, and its signed
// attributes (if any) are safe there.
Status CheckAlgorithmLevels(PKCS7* p7, const std::string& block_name, const SdkRange& levels) {
  Result<Pkcs7SignerAlgorithms> algorithms = SignerAlgorithms(p7);
  if (!algorithms.ok()) return Bad(block_name + ": " + algorithms.status().message());
  std::vector<SdkRange> unsupported = LevelsNotIn(
      levels, JarSignatureSupportedLevels({algorithms->digest_oid, algorithms->signature_oid}));
  if (!unsupported.empty()) {
    return Bad(block_name + " uses digest algorithm " + JarAlgorithmName(algorithms->digest_oid) +
               " and signature algorithm " + JarAlgorithmName(algorithms->signature_oid) +
               ", which is not supported on API Level(s) " + FormatLevels(unsupported) +
               " for which this APK is being verified");
  }
  if (algorithms->signed_attributes && levels.min < kSdkSignedAttributesSafe) {
    return Bad(block_name + " has signed attributes, which leave the package unprotected on " +
               "API Level(s) " +
               FormatLevels({{levels.min, std::min(levels.max, kSdkSignedAttributesSafe - 1)}}));
  }
  return Status::Ok();
}

Result<JarSigner> VerifySigner(const ZipArchive& zip, const ZipEntry& block, const ZipEntry& sf,
                               const Manifest& manifest, const SdkRange& levels,
                               CertificateCache* certificates, std::set<std::string>* listed,
                               std::vector<int>* claimed) {
  Result<std::string> sf_text = zip.ReadEntryToString(sf, kMaxJarManifestSize);
  if (!sf_text.ok()) return sf_text.status();
  Result<std::string> block_bytes = zip.ReadEntryToString(block, kMaxJarSignatureBlockSize);
  if (!block_bytes.ok()) return block_bytes.status();
  Result<Pkcs7Ptr> p7 = ParsePkcs7(*block_bytes);
  if (!p7.ok()) return Bad(block.name + ": " + p7.status().message());
  if (Status s = CheckAlgorithmLevels(p7->get(), block.name, levels); !s.ok()) return s;
  Result<X509Ptr> cert = VerifyDetachedPkcs7(p7->get(), *sf_text);
  if (!cert.ok()) return Bad(block.name + " over " + sf.name + ": " + cert.status().message());
  Result<std::vector<ManifestSection>> sections = ParseJarManifest(*sf_text);
  if (!sections.ok()) return sections.status();
  if (sections->empty()) return Bad(sf.name + " is empty");
  if (Status s = CheckSignatureFile(*sections, manifest, sf.name, levels); !s.ok()) return s;
  for (std::size_t i = 1; i < sections->size(); ++i) {
    if (const std::string* name = (*sections)[i].Get("Name")) listed->insert(*name);
  }
  AddClaimedSchemes((*sections)[0], claimed);
  Result<SignerCertificate> described = certificates->Describe(cert->get());
  if (!described.ok()) return described.status();
  return JarSigner{block.name, std::move(described).value()};
}

Status Cancelled() {
  return Status(StatusCode::kUnavailable, "JAR signature check cancelled");
}

bool IsSet(const std::atomic<bool>* flag) {
  return flag != nullptr && flag->load(std::memory_order_relaxed);
}

// An entry's content against the digests its MANIFEST.MF section lists.
Status CheckEntryDigest(const ZipArchive& zip, const ZipEntry& entry,
                        const ManifestSection& section, const SdkRange& levels,
                        const std::atomic<bool>* cancel) {
  NamedDigests expected = DigestsIn(section, "-Digest", levels);
  if (expected.empty()) return Bad("no supported digest for " + entry.name + " in MANIFEST.MF");
  std::vector<Digester> digesters;
  for (const auto& [algorithm, unused] : expected) {
    Result<Digester> d = Digester::Create(algorithm);
    if (!d.ok()) return d.status();
    digesters.push_back(std::move(d).value());
  }
  Status read = zip.ReadEntry(entry, [&digesters, cancel](std::string_view chunk) {
    if (IsSet(cancel)) return Cancelled();
    for (Digester& d : digesters) {
      d.Update(chunk);
    }
    return Status::Ok();
  });
  if (!read.ok()) return read;
  for (std::size_t i = 0; i < digesters.size(); ++i) {
    if (Base64(digesters[i].Finish()) != expected[i].second) {
      return Bad(std::string(DigestName(expected[i].first)) + " digest of " + entry.name +
                 " does not match MANIFEST.MF");
    }
  }
  return Status::Ok();
}

// Every entry outside META-INF/ is listed in MANIFEST.MF and every .SF, and matches.
Status CheckEntries(const ZipArchive& zip, const Manifest& manifest,
                    const std::vector<std::set<std::string>>& listed, const SdkRange& levels,
                    const std::atomic<bool>* cancel) {
  for (const ZipEntry& entry : zip.entries()) {
    if (entry.name.starts_with(kMetaInf) || entry.name.ends_with("/")) continue;
    auto section = manifest.by_name.find(entry.name);
    if (section == manifest.by_name.end()) {
      return Bad("no digest for " + entry.name + " in MANIFEST.MF");
    }
    for (const std::set<std::string>& names : listed) {
      if (names.count(entry.name) == 0) return Bad(entry.name + " is not signed by every signer");
    }
    const ManifestSection& listing = manifest.sections[section->second];
    if (Status s = CheckEntryDigest(zip, entry, listing, levels, cancel); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

Result<JarSignature> VerifyJarSignature(const ZipArchive& zip, const SdkRange& levels) {
  CertificateCache certificates;
  return VerifyJarSignature(zip, levels, &certificates);
}

Result<JarSignature> VerifyJarSignature(const ZipArchive& zip, const SdkRange& levels,
                                        CertificateCache* certificates,
                                        const std::atomic<bool>* cancel) {
  MetaFiles files = FindMetaFiles(zip);
  if (files.signers.empty()) {
    return Status(StatusCode::kUnsigned, "no JAR signature (META-INF/*.SF with its block)");
  }
  if (files.signers.size() > kMaxJarSigners) return Bad("too many signers");
  if (files.manifest == nullptr) return Bad("missing META-INF/MANIFEST.MF");
  Result<Manifest> manifest = ReadManifest(zip, *files.manifest);
  if (!manifest.ok()) return manifest.status();
  JarSignature out;
  std::vector<std::set<std::string>> listed(files.signers.size());
  for (std::size_t i = 0; i < files.signers.size(); ++i) {
    Result<JarSigner> signer =
        VerifySigner(zip, *files.signers[i].first, *files.signers[i].second, *manifest, levels,
                     certificates, &listed[i], &out.claimed_schemes);
    if (!signer.ok()) return signer.status();
    out.signers.push_back(std::move(signer).value());
  }
  if (Status s = CheckEntries(zip, *manifest, listed, levels, cancel); !s.ok()) return s;
  return out;
}

}  // namespace appvault::pkg

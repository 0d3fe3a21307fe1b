// Signing certificate lineage: parsing and the signature of every link.
#include "pkg/signing_lineage.h"

#include <openssl/x509.h>

#include <algorithm>
#include <string>
#include <utility>

#include "pkg/byte_reader.h"
#include "pkg/crypto.h"
#include "pkg/signature_algorithm.h"

namespace appvault::pkg {
namespace {

Status Bad(std::string message) {
  return Status(StatusCode::kBadSignature, "signing certificate lineage: " + std::move(message));
}

struct Node {
  std::string_view signed_data;
  std::string_view certificate;
  std::uint32_t parent_algorithm = 0;  // inside signed data
  std::uint32_t algorithm = 0;         // this node's key signs the next node with it
  std::string_view signature;
};

bool ParseNode(std::string_view bytes, Node* node) {
  ByteReader reader(bytes);
  std::uint32_t flags = 0;
  if (!reader.ReadLengthPrefixed(&node->signed_data) || !reader.ReadU32(&flags) ||
      !reader.ReadU32(&node->algorithm) || !reader.ReadLengthPrefixed(&node->signature)) {
    return false;
  }
  ByteReader signed_data(node->signed_data);
  return signed_data.ReadLengthPrefixed(&node->certificate) &&
         signed_data.ReadU32(&node->parent_algorithm);
}

// The link from the previous node (certificate previous, algorithm declared) to node.
Status VerifyLink(std::string_view previous, std::uint32_t declared, const Node& node,
                  std::size_t number, CertificateCache* certificates) {
  const std::string where = "certificate #" + std::to_string(number) + ": ";
  if (node.parent_algorithm != declared) return Bad(where + "signature algorithm id mismatch");
  const SignatureAlgorithm* algorithm = FindSignatureAlgorithm(declared);
  if (algorithm == nullptr) return Bad(where + "unsupported signature algorithm");
  Result<X509*> cert = certificates->Certificate(previous);
  if (!cert.ok()) return Bad(where + cert.status().message());
  EVP_PKEY* key = X509_get0_pubkey(*cert);
  if (key == nullptr) return Bad(where + "previous certificate has no usable key");
  Status s = VerifyWithAlgorithm(*algorithm, key, node.signed_data, node.signature);
  if (!s.ok()) return Bad(where + s.message());
  return Status::Ok();
}

}  // namespace

bool SigningLineage::Contains(const Sha256& certificate) const {
  return std::any_of(certificates.begin(), certificates.end(),
                     [&](const SignerCertificate& c) { return c.sha256 == certificate; });
}

Result<SigningLineage> VerifySigningLineage(std::string_view value) {
  CertificateCache certificates;
  return VerifySigningLineage(value, &certificates);
}

Result<SigningLineage> VerifySigningLineage(std::string_view value,
                                            CertificateCache* certificates) {
  ByteReader reader(value);
  std::uint32_t version = 0;
  if (!reader.ReadU32(&version)) return Bad("truncated");
  if (version != kLineageVersion) return Bad("unknown version " + std::to_string(version));
  SigningLineage lineage;
  Node previous;
  while (!reader.empty()) {
    std::string_view bytes;
    Node node;
    if (lineage.certificates.size() == kMaxLineageCertificates) return Bad("too many certificates");
    if (!reader.ReadLengthPrefixed(&bytes) || !ParseNode(bytes, &node)) {
      return Bad("malformed node");
    }
    const std::size_t number = lineage.certificates.size() + 1;
    if (number > 1) {
      Status link =
          VerifyLink(previous.certificate, previous.algorithm, node, number, certificates);
      if (!link.ok()) return link;
    }
    Result<SignerCertificate> cert = certificates->Describe(node.certificate);
    if (!cert.ok()) return Bad(cert.status().message());
    if (lineage.Contains(cert->sha256)) return Bad("a certificate repeats");
    lineage.certificates.push_back(std::move(cert).value());
    previous = node;
  }
  if (lineage.certificates.empty()) return Bad("no certificates");
  return lineage;
}

}  // namespace appvault::pkg

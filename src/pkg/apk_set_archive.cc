#include "pkg/apk_set_archive.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <utility>

#include "pkg/res_table.h"
#include "pkg/zip.h"

namespace appvault::pkg {
namespace {

Status Prefixed(const std::string& member, const Status& s) {
  return Status(s.code(), member + ": " + s.message());
}

// A private temporary folder, removed with everything in it.
class TempFolder {
 public:
  static Result<std::unique_ptr<TempFolder>> Create(const std::string& parent) {
    std::error_code ec;
    std::filesystem::path base =
        parent.empty() ? std::filesystem::temp_directory_path(ec) : std::filesystem::path(parent);
    std::string pattern = (base / "appvault-apks-XXXXXX").string();
    if (ec || mkdtemp(pattern.data()) == nullptr) {
      return Status(StatusCode::kUnavailable,
                    "cannot create a temporary folder in " + base.string());
    }
    return std::unique_ptr<TempFolder>(new TempFolder(pattern));
  }
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const std::string& path() const { return path_; }

 private:
  explicit TempFolder(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// Writes entry's content to path.
Status Unpack(const ZipArchive& zip, const ZipEntry& entry, const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> out(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (out == nullptr) return Status(StatusCode::kUnavailable, "cannot write " + path);
  Status read = zip.ReadEntry(entry, [&out](std::string_view chunk) {
    if (std::fwrite(chunk.data(), 1, chunk.size(), out.get()) != chunk.size()) {
      return Status(StatusCode::kUnavailable, "cannot write the unpacked member");
    }
    return Status::Ok();
  });
  if (!read.ok()) return read;
  if (std::fflush(out.get()) != 0) return Status(StatusCode::kUnavailable, "cannot write " + path);
  return Status::Ok();
}

// The base's label as each language split's resources.arsc gives it. paths[i] is the file
// of members[i] (the names of the unvalidated members, before ValidateApkSet reordered them).
Status ResolveSetLabels(const std::vector<std::pair<std::string, std::string>>& files,
                        ApkSet* set) {
  if (!set->base.facts.label_ref) return Status::Ok();
  for (const ApkSetMember& m : set->splits) {
    if (!m.facts.serves || m.facts.serves->locale.empty()) continue;
    auto file =
        std::find_if(files.begin(), files.end(), [&m](const auto& f) { return f.first == m.name; });
    if (file == files.end()) continue;
    auto opened = OpenFile(file->second);
    if (!opened.ok()) return opened.status();
    Result<ZipArchive> zip = ZipArchive::Open(**opened);
    if (!zip.ok()) return zip.status();
    std::string bytes;
    Result<std::optional<ResTable>> table = ReadResTable(*zip, &bytes);
    if (!table.ok()) return Prefixed(m.name, table.status());
    if (!table->has_value()) continue;
    Result<std::optional<std::string>> label =
        (*table)->ResolveString(*set->base.facts.label_ref, m.facts.serves->locale);
    if (!label.ok()) return Prefixed(m.name, label.status());
    if (label->has_value()) set->labels[m.facts.serves->locale] = **label;
  }
  return Status::Ok();
}

Result<ApkSet> ValidateAndLabel(std::vector<ApkSetMember> members,
                                const std::vector<std::pair<std::string, std::string>>& files) {
  Result<ApkSet> set = ValidateApkSet(std::move(members));
  if (!set.ok()) return set;
  if (Status s = ResolveSetLabels(files, &*set); !s.ok()) return s;
  return set;
}

}  // namespace

bool IsApkFile(const std::string& path) {
  auto file = OpenFile(path);
  if (!file.ok()) return false;
  Result<ZipArchive> zip = ZipArchive::Open(**file);
  return zip.ok() && zip->Find("AndroidManifest.xml") != nullptr;
}

bool LooksLikeApks(const std::string& path) {
  auto file = OpenFile(path);
  if (!file.ok()) return false;
  Result<ZipArchive> zip = ZipArchive::Open(**file);
  if (!zip.ok() || zip->Find("AndroidManifest.xml") != nullptr) return false;
  for (const ZipEntry& entry : zip->entries()) {
    if (entry.name.starts_with("Payload/")) return false;
  }
  return true;
}

Result<ApkSet> InspectApkFiles(const std::vector<std::string>& paths,
                               const ApkSetReadOptions& options) {
  if (paths.size() > options.max_members) {
    return Status(StatusCode::kInvalidPackage,
                  "app set: more than " + std::to_string(options.max_members) + " APKs");
  }
  std::vector<ApkSetMember> members;
  std::vector<std::pair<std::string, std::string>> files;
  for (const std::string& path : paths) {
    Result<PackageFacts> facts = InspectPackage(path, options.inspect);
    if (!facts.ok()) return Prefixed(path, facts.status());
    members.push_back({path, std::move(facts).value()});
    files.emplace_back(path, path);
  }
  return ValidateAndLabel(std::move(members), files);
}

Result<std::vector<UnpackedMember>> UnpackApksArchive(const std::string& path,
                                                      const std::string& dir,
                                                      std::size_t max_members) {
  auto file = OpenFile(path);
  if (!file.ok()) return file.status();
  Result<ZipArchive> zip = ZipArchive::Open(**file);
  if (!zip.ok()) return zip.status();
  std::vector<UnpackedMember> members;
  for (const ZipEntry& entry : zip->entries()) {
    if (entry.name.ends_with("/")) continue;
    const std::string unpacked = dir + "/member-" + std::to_string(members.size() + 1) + ".apk";
    if (Status s = Unpack(*zip, entry, unpacked); !s.ok()) return Prefixed(entry.name, s);
    if (!IsApkFile(unpacked)) {
      std::remove(unpacked.c_str());
      if (entry.name.ends_with(".apk"))
        return Status(StatusCode::kInvalidPackage, entry.name + ": not an APK");
      continue;
    }
    if (members.size() == max_members) {
      std::remove(unpacked.c_str());
      return Status(StatusCode::kInvalidPackage,
                    "app set: more than " + std::to_string(max_members) + " APKs");
    }
    members.push_back({entry.name, unpacked});
  }
  if (members.empty()) return Status(StatusCode::kInvalidPackage, "app set: no APK in " + path);
  return members;
}

Result<ApkSet> InspectApksArchive(const std::string& path, const ApkSetReadOptions& options) {
  Result<std::unique_ptr<TempFolder>> temp = TempFolder::Create(options.temp_dir);
  if (!temp.ok()) return temp.status();
  Result<std::vector<UnpackedMember>> unpacked =
      UnpackApksArchive(path, (*temp)->path(), options.max_members);
  if (!unpacked.ok()) return unpacked.status();
  std::vector<ApkSetMember> members;
  std::vector<std::pair<std::string, std::string>> files;  // kept until the labels are read
  for (const UnpackedMember& member : *unpacked) {
    Result<PackageFacts> facts = InspectPackage(member.path, options.inspect);
    if (!facts.ok()) return Prefixed(member.entry, facts.status());
    members.push_back({member.entry, std::move(facts).value()});
    files.emplace_back(member.entry, member.path);
  }
  return ValidateAndLabel(std::move(members), files);
}

}  // namespace appvault::pkg

#include "scan/clamav_scanner.h"

#include <clamav.h>

#include <mutex>

namespace appvault::scan {
namespace {

Status InitOnce() {
  static std::once_flag once;
  static cl_error_t result = CL_SUCCESS;
  std::call_once(once, [] { result = cl_init(CL_INIT_DEFAULT); });
  if (result != CL_SUCCESS) {
    return Status(StatusCode::kInternal, std::string("libclamav: ") + cl_strerror(result));
  }
  return Status::Ok();
}

Status LoadError(const std::string& path, const std::string& why) {
  return Status(StatusCode::kInvalidArgument,
                "malware database " + path + " could not be loaded: " + why);
}

}  // namespace

struct ClamavScanner::Engine {
  struct Free {
    void operator()(cl_engine* engine) const { cl_engine_free(engine); }
  };
  std::unique_ptr<cl_engine, Free> handle{cl_engine_new()};
};

ClamavScanner::ClamavScanner(std::unique_ptr<Engine> engine, unsigned signatures, std::string path)
    : engine_(std::move(engine)), signatures_(signatures), path_(std::move(path)) {}

ClamavScanner::~ClamavScanner() = default;

Result<std::unique_ptr<ClamavScanner>> ClamavScanner::Load(const std::string& database_path) {
  Status init = InitOnce();
  if (!init.ok()) return init;
  auto engine = std::make_unique<Engine>();
  if (!engine->handle) return Status(StatusCode::kInternal, "libclamav: cannot create engine");
  unsigned signatures = 0;
  cl_error_t loaded =
      cl_load(database_path.c_str(), engine->handle.get(), &signatures, CL_DB_STDOPT);
  if (loaded != CL_SUCCESS) return LoadError(database_path, cl_strerror(loaded));
  if (signatures == 0) return LoadError(database_path, "it holds no signature");
  cl_engine_set_num(engine->handle.get(), CL_ENGINE_MAX_FILESIZE, kMaxScanFileBytes);
  cl_engine_set_num(engine->handle.get(), CL_ENGINE_MAX_SCANSIZE, kMaxScanBytes);
  cl_engine_set_num(engine->handle.get(), CL_ENGINE_MAX_FILES, kMaxScanFiles);
  cl_error_t compiled = cl_engine_compile(engine->handle.get());
  if (compiled != CL_SUCCESS) return LoadError(database_path, cl_strerror(compiled));
  return std::unique_ptr<ClamavScanner>(
      new ClamavScanner(std::move(engine), signatures, database_path));
}

Result<ScanVerdict> ClamavScanner::ScanFile(const std::string& path) const {
  cl_scan_options options{};
  options.parse = ~0u;  // look inside every format libclamav understands (zip entries too)
  options.general = CL_SCAN_GENERAL_HEURISTICS;
  options.heuristic = CL_SCAN_HEURISTIC_EXCEEDS_MAX;
  const char* name = nullptr;
  unsigned long scanned = 0;
  cl_error_t result = cl_scanfile(path.c_str(), &name, &scanned, engine_->handle.get(), &options);
  if (result == CL_CLEAN) return ScanVerdict{};
  if (result == CL_VIRUS) return ScanVerdict{std::string(name ? name : "unknown")};
  return Status(StatusCode::kUnavailable,
                "malware scan of " + path + " failed: " + cl_strerror(result));
}

std::string ClamavScanner::Describe() const {
  return "clamav (" + std::to_string(signatures_) + " signatures from " + path_ + ")";
}

}  // namespace appvault::scan

#include "client/restore/restore_engine.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <deque>
#include <map>
#include <mutex>

#include "client/file_util.h"
#include "client/restore/installed_check.h"
#include "client/restore/item_installer.h"
#include "client/restore/serial_worker.h"
#include "client/transfer/downloader.h"

namespace appvault::client::restore {
namespace {

using transfer::DownloadJob;
using transfer::DownloadResult;

// The report of an item before anything is done: the plan's facts.
ItemReport BaseReport(const PlanEntry& entry) {
  ItemReport report;
  report.requested = entry.requested;
  report.app = entry.app;
  report.software_id = entry.software_id;
  report.version_code = entry.version_code;
  report.version_name = entry.version_name;
  report.version_substituted = entry.version_substituted;
  report.alternative_for = entry.alternative_for;
  report.reason = entry.reason;
  report.snapshot_id = entry.snapshot_id;
  if (entry.package) report.installed_app = entry.package->package.app.str();
  switch (entry.outcome) {
    case PlanOutcome::kNotBackedUp:
      report.outcome = RestoreOutcome::kNotBackedUp;
      break;
    case PlanOutcome::kNotInCatalog:
      report.outcome = RestoreOutcome::kNotInCatalog;
      break;
    case PlanOutcome::kNoCompatiblePackage:
      report.outcome = RestoreOutcome::kNoCompatiblePackage;
      break;
    case PlanOutcome::kInstall:
    case PlanOutcome::kAlternative:
      report.outcome = RestoreOutcome::kFailed;  // until installed
      break;
  }
  return report;
}

// Removes partial and verified downloads older than kStalePartialDays (downloads of apps no
// longer being restored). Best effort.
void RemoveStaleDownloads(const std::string& dir) {
  Result<std::vector<std::string>> names = ListDirectory(dir);
  if (!names.ok()) return;
  const std::time_t cutoff = std::time(nullptr) - std::time_t{kStalePartialDays} * 24 * 3600;
  for (const std::string& name : *names) {
    const std::string path = dir + "/" + name;
    struct stat info {};
    if (::lstat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && info.st_mtime < cutoff) {
      ::unlink(path.c_str());
    }
  }
}

// The observer, with its calls serialised.
class SerialObserver {
 public:
  explicit SerialObserver(RestoreObserver* observer) : observer_(observer) {}
  void Start(const std::vector<ItemPlanned>& items) {
    std::lock_guard lock(mutex_);
    if (observer_ != nullptr) observer_->OnStart(items);
  }
  void Bytes(std::size_t index, std::uint64_t have, std::uint64_t received) {
    std::lock_guard lock(mutex_);
    if (observer_ != nullptr) observer_->OnBytes(index, have, received);
  }
  void Done(std::size_t index, const ItemReport& report) {
    std::lock_guard lock(mutex_);
    if (observer_ != nullptr) observer_->OnItemDone(index, report);
  }

 private:
  std::mutex mutex_;
  RestoreObserver* observer_;
};

// One restore: the items, their download jobs, the check and install threads.
class RestoreRun : public transfer::DownloadObserver {
 public:
  RestoreRun(Device& device, const std::vector<PlanEntry>& plan, const RestoreOptions& options,
             RestoreObserver* observer)
      : device_(device),
        plan_(plan),
        options_(options),
        observer_(observer),
        dir_(device.StateDirectory() + "/partial"),
        items_(plan.size()) {}

  Result<std::vector<ItemReport>> Run() {
    Result<std::vector<InstalledApp>> installed = device_.InstalledApps();
    if (!installed.ok()) return installed.status();
    RemoveStaleDownloads(dir_);
    for (std::size_t i = 0; i < plan_.size(); ++i) {
      items_[i].report = BaseReport(plan_[i]);
      Prepare(i, *installed);
    }
    StartAndReportFinished();
    transfer::DownloadOptions download;
    download.token = options_.token;
    download.partial_dir = dir_;
    download.max_parallel = options_.parallel;
    download.max_bytes_per_second = options_.max_bytes_per_second;
    transfer::DownloadAll(jobs_, download, this);  // results arrive through OnFinished
    checker_.Join();                               // it posts to installer_: joined first
    installer_.Join();
    for (const Job& job : jobs_state_) {
      if (!job.keep) ::unlink(job.path.c_str());  // anything left unused
    }
    std::vector<ItemReport> reports;
    for (Item& item : items_)
      reports.push_back(std::move(item.report));
    return reports;
  }

  // transfer::DownloadObserver, on the downloading thread.
  void OnProgress(std::size_t job, std::uint64_t have, std::uint64_t received) override {
    Job& state = jobs_state_[job];
    state.have = have;
    state.received = received;
    ReportBytes(state.owner);
  }

  void OnFinished(std::size_t job, const DownloadResult& result) override {
    Job& state = jobs_state_[job];
    state.result = result;
    if (result.status.ok() && jobs_[job].size) state.have = *jobs_[job].size;
    state.received = result.bytes_received;
    ReportBytes(state.owner);
    for (std::size_t item : state.users) {
      if (--items_[item].pending == 0) checker_.Post([this, item] { Check(item); });
    }
  }

 private:
  struct Item {
    ItemReport report;
    std::optional<std::size_t> package_job;
    std::vector<std::size_t> split_jobs;  // an app set's chosen splits (plan packages 1..)
    std::optional<std::size_t> config_job;
    int pending = 0;                                      // downloads not finished yet
    std::optional<Result<pkg::PackageFacts>> plan_check;  // set by the checker thread
    std::vector<std::optional<Result<pkg::PackageFacts>>> split_checks;  // likewise
    bool downloads = false;
  };
  struct Job {
    std::string path;                // the verified file
    std::vector<std::size_t> users;  // items that need it
    std::size_t owner = 0;           // the item whose progress shows it
    int unused = 0;                  // users that have not used it yet
    bool keep = false;               // verified, and an item that needs it failed
    DownloadResult result;
    std::uint64_t have = 0, received = 0;
  };

  // Every download job of the item: its package, its splits, its configuration.
  static std::vector<std::size_t> JobsOf(const Item& item) {
    std::vector<std::size_t> jobs;
    if (item.package_job) jobs.push_back(*item.package_job);
    jobs.insert(jobs.end(), item.split_jobs.begin(), item.split_jobs.end());
    if (item.config_job) jobs.push_back(*item.config_job);
    return jobs;
  }

  // Decides what item i needs: nothing (its verdict is final), or downloads.
  void Prepare(std::size_t i, const std::vector<InstalledApp>& installed) {
    const PlanEntry& entry = plan_[i];
    Item& item = items_[i];
    if (!entry.package) return;  // the server's verdict stands
    PresenceCheck presence = CheckInstalled(entry.package->package, installed);
    if (presence.presence == Presence::kAlreadyInstalled) {
      item.report.outcome = RestoreOutcome::kAlreadyInstalled;
      item.report.done = true;
      item.report.reason = presence.reason;
      return;
    }
    if (presence.presence == Presence::kOtherSigner) {
      item.report.outcome = RestoreOutcome::kFailed;
      item.report.reason = presence.reason;
      return;
    }
    item.downloads = true;
    const Package& package = entry.package->package;
    // A package is hashed as it downloads, its signature's chunk digests too: the check
    // (CheckAgainstPlan) then need not read it back.
    item.package_job = AddJob(i, package.sha256, entry.package->url, package.size,
                              /*chunk_digests=*/package.platform == Platform::kAndroid);
    for (std::size_t m = 1; m < entry.packages.size(); ++m) {  // [0] is the base, the package
      const api::PlannedMember& split = entry.packages[m];
      item.split_jobs.push_back(
          AddJob(i, split.sha256, split.url, split.size, /*chunk_digests=*/true));
    }
    if (entry.config && entry.outcome == PlanOutcome::kInstall &&  // never an alternative's
        options_.with_config) {
      item.config_job = AddJob(i, entry.config->sha256, entry.config->url, std::nullopt,
                               /*chunk_digests=*/false);
    }
    item.pending = 1 + static_cast<int>(item.split_jobs.size()) + (item.config_job ? 1 : 0);
  }

  std::size_t AddJob(std::size_t item, const Sha256& sha, const std::string& url,
                     std::optional<std::uint64_t> size, bool chunk_digests) {
    auto [it, fresh] = job_of_sha_.emplace(sha, jobs_.size());
    if (fresh) {
      DownloadJob job;
      job.url = options_.base_url + url;
      job.sha256 = sha;
      job.size = size;
      job.max_size = size.value_or(kMaxConfigBundleBytes);
      job.destination = dir_ + "/" + sha.Hex();
      job.chunk_digests = chunk_digests;
      jobs_.push_back(job);
      jobs_state_.push_back(Job{job.destination, {}, item, 0, false, {}, 0, 0});
    }
    jobs_[it->second].chunk_digests = jobs_[it->second].chunk_digests || chunk_digests;
    jobs_state_[it->second].users.push_back(item);
    ++jobs_state_[it->second].unused;
    return it->second;
  }

  void StartAndReportFinished() {
    std::vector<ItemPlanned> planned;
    for (const Item& item : items_) {
      ItemPlanned entry;
      entry.app = item.report.installed_app.empty() ? item.report.app : item.report.installed_app;
      for (std::size_t job : JobsOf(item)) {
        if (job != item.config_job && jobs_state_[job].owner == planned.size()) {
          entry.expected += jobs_[job].size.value_or(0);
        }
      }
      planned.push_back(entry);
    }
    observer_.Start(planned);
    for (std::size_t i = 0; i < items_.size(); ++i) {
      if (!items_[i].downloads) observer_.Done(i, items_[i].report);
    }
  }

  void ReportBytes(std::size_t item) {
    std::uint64_t have = 0, received = 0;
    for (std::size_t job : JobsOf(items_[item])) {
      if (jobs_state_[job].owner == item) {
        have += jobs_state_[job].have;
        received += jobs_state_[job].received;
      }
    }
    observer_.Bytes(item, have, received);
  }

  // On the checker thread, once the item's downloads are over: the package read and compared
  // with the plan while the installer works on earlier items (a three-stage pipeline:
  // downloads, checks, installs).
  void Check(std::size_t i) {
    Item& item = items_[i];
    const Job& package = jobs_state_[*item.package_job];
    if (package.result.status.ok()) {
      pkg::InspectOptions known;  // what the download verified and took as it wrote the file
      known.known_sha256 = jobs_[*item.package_job].sha256;
      known.known_chunk_sha256 = package.result.chunk_sha256;
      item.plan_check = CheckAgainstPlan(package.path, plan_[i].package->package, known);
    }
    item.split_checks.assign(item.split_jobs.size(), std::nullopt);
    for (std::size_t m = 0; m < item.split_jobs.size(); ++m) {
      const Job& split = jobs_state_[item.split_jobs[m]];
      if (!split.result.status.ok()) continue;
      pkg::InspectOptions known;
      known.known_sha256 = jobs_[item.split_jobs[m]].sha256;
      known.known_chunk_sha256 = split.result.chunk_sha256;
      item.split_checks[m] = CheckSplitAgainstPlan(split.path, plan_[i].packages[m + 1],
                                                   plan_[i].package->package, known);
    }
    {
      std::lock_guard lock(checked_mutex_);
      checked_.push_back(i);
    }
    // One post per item: each finds the item still waiting, or an earlier post took it along.
    installer_.Post([this] { InstallChecked(); });
  }

  // On the installer thread: takes the checked items waiting (in order, up to the first
  // whose app one of them already installs) to install them together.
  std::vector<std::size_t> TakeChecked() {
    std::lock_guard lock(checked_mutex_);
    std::vector<std::size_t> group;
    std::vector<AppId> apps;
    while (!checked_.empty()) {
      const AppId& app = plan_[checked_.front()].package->package.app;
      if (std::find(apps.begin(), apps.end(), app) != apps.end()) break;
      apps.push_back(app);
      group.push_back(checked_.front());
      checked_.pop_front();
    }
    return group;
  }

  // What item i's downloads gave.
  DownloadedItem FilesOf(std::size_t i) {
    Item& item = items_[i];
    DownloadedItem files;
    const Job& package = jobs_state_[*item.package_job];
    files.package_status = package.result.status;
    files.package_path = package.path;
    files.plan_check = std::move(item.plan_check);
    files.package_movable = package.unused == 1;  // this item is the file's last user
    if (item.config_job) {
      const Job& config = jobs_state_[*item.config_job];
      files.config_status = config.result.status;
      files.config_path = config.path;
    }
    for (std::size_t m = 0; m < item.split_jobs.size(); ++m) {
      const Job& split = jobs_state_[item.split_jobs[m]];
      files.splits.push_back(
          {&plan_[i].packages[m + 1], split.result.status, split.path, split.unused == 1,
           m < item.split_checks.size() ? std::move(item.split_checks[m]) : std::nullopt});
    }
    return files;
  }

  // On the installer thread: the checked items waiting, installed together (the device may
  // then make them durable at once: one commit for several apps).
  void InstallChecked() {
    const std::vector<std::size_t> group = TakeChecked();
    std::vector<DownloadedItem> files(group.size());
    std::vector<ItemToInstall> to_install;
    for (std::size_t k = 0; k < group.size(); ++k) {
      const std::size_t i = group[k];
      const Package& package = plan_[i].package->package;
      auto previous = installed_now_.find(package.app);
      if (previous != installed_now_.end() && previous->second == package.version) {
        items_[i].report.outcome = RestoreOutcome::kAlreadyInstalled;  // by an earlier item
        items_[i].report.done = true;
        items_[i].report.reason = "installed by this restore for another item";
        continue;
      }
      files[k] = FilesOf(i);
      to_install.push_back(ItemToInstall{&plan_[i], &files[k], &items_[i].report});
    }
    InstallItems(device_, to_install);
    for (const ItemToInstall& installed : to_install) {
      if (installed.report->outcome != RestoreOutcome::kFailed) {
        const Package& package = installed.entry->package->package;
        installed_now_.insert_or_assign(package.app, package.version);
      }
    }
    for (std::size_t i : group)
      Finish(i);
  }

  // On the installer thread, once item i is installed or refused: its downloads released —
  // deleted, unless the item failed: a verified download then stays in the partial folder
  // for the next restore (which checks it again rather than fetching it).
  void Finish(std::size_t i) {
    Item& item = items_[i];
    const bool failed = item.report.outcome == RestoreOutcome::kFailed;
    for (std::size_t job : JobsOf(item)) {
      Job& state = jobs_state_[job];
      if (state.owner == i) item.report.bytes_downloaded += state.received;
      state.keep = state.keep || (failed && state.result.status.ok());
      if (--state.unused == 0 && !state.keep) ::unlink(state.path.c_str());
    }
    observer_.Done(i, item.report);
  }

  Device& device_;
  const std::vector<PlanEntry>& plan_;
  const RestoreOptions& options_;
  SerialObserver observer_;
  const std::string dir_;
  std::vector<Item> items_;
  std::vector<DownloadJob> jobs_;
  std::vector<Job> jobs_state_;
  std::map<Sha256, std::size_t> job_of_sha_;
  std::map<AppId, Version> installed_now_;  // installer thread only
  std::mutex checked_mutex_;
  std::deque<std::size_t> checked_;  // checked items waiting for the installer
  // Last: joined (checker first) before the rest is destroyed.
  SerialWorker installer_;
  SerialWorker checker_;
};

}  // namespace

Result<std::vector<ItemReport>> Restore(Device& device, const std::vector<PlanEntry>& plan,
                                        const RestoreOptions& options, RestoreObserver* observer) {
  RestoreRun run(device, plan, options, observer);
  return run.Run();
}

}  // namespace appvault::client::restore

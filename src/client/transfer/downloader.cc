#include "client/transfer/downloader.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <memory>
#include <thread>

#include "client/transfer/job_transfer.h"

namespace appvault::client::transfer {
namespace {

using Clock = std::chrono::steady_clock;

struct CurlMultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
using CurlMulti = std::unique_ptr<CURLM, CurlMultiDeleter>;

// The wait before attempt n + 1 of a job that was interrupted n times: 0.25 s, 0.5 s, 1 s, …
Clock::duration Backoff(int attempts) {
  return std::chrono::milliseconds(250) * (1 << std::min(attempts - 1, 5));
}

// The jobs' state while they run: which wait, which run, which wait to be tried again.
class Scheduler {
 public:
  Scheduler(const std::vector<DownloadJob>& jobs, const DownloadOptions& options,
            DownloadObserver* observer)
      : options_(options), observer_(observer), results_(jobs.size()) {
    options_.max_parallel = std::clamp(options_.max_parallel, 1, kMaxParallel);
    options_.max_attempts = std::max(options_.max_attempts, 1);
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      transfers_.push_back(std::make_unique<JobTransfer>(i, jobs[i], options_, observer_));
      ready_.push_back(i);
    }
  }

  std::vector<DownloadResult> Run() {
    CurlMulti multi(curl_multi_init());
    if (!multi) {
      for (auto& result : results_)
        result.status = Status(StatusCode::kUnavailable, "libcurl cannot start transfers");
      return std::move(results_);
    }
    while (!ready_.empty() || !later_.empty() || running_ > 0) {
      WakeDue();
      StartReady(multi.get());
      int still_running = 0;
      curl_multi_perform(multi.get(), &still_running);
      CollectFinished(multi.get());
      if (running_ == 0 && ready_.empty() && !later_.empty()) {
        std::this_thread::sleep_until(NextWake());
      } else if (running_ > 0) {
        curl_multi_poll(multi.get(), nullptr, 0, PollMilliseconds(), nullptr);
      }
    }
    return std::move(results_);
  }

 private:
  void WakeDue() {
    const Clock::time_point now = Clock::now();
    for (auto it = later_.begin(); it != later_.end();) {
      if (it->first <= now) {
        ready_.push_back(it->second);
        it = later_.erase(it);
      } else {
        ++it;
      }
    }
  }

  Clock::time_point NextWake() const {
    Clock::time_point next = Clock::time_point::max();
    for (const auto& [when, index] : later_)
      next = std::min(next, when);
    return next;
  }

  int PollMilliseconds() const {
    if (later_.empty()) return 1000;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(NextWake() - Clock::now());
    return static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 1000));
  }

  void StartReady(CURLM* multi) {
    while (running_ < options_.max_parallel && !ready_.empty()) {
      std::size_t index = ready_.front();
      ready_.pop_front();
      JobTransfer& transfer = *transfers_[index];
      if (transfer.Start() == JobTransfer::Next::kDone) {
        Done(transfer);
        continue;
      }
      if (curl_multi_add_handle(multi, transfer.easy()) != CURLM_OK) {
        results_[index].status = Status(StatusCode::kUnavailable, "libcurl refused a transfer");
        Report(index);
        continue;
      }
      ++running_;
    }
  }

  void CollectFinished(CURLM* multi) {
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &left)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      CURLcode code = message->data.result;
      JobTransfer* transfer = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &transfer);
      curl_multi_remove_handle(multi, easy);
      --running_;
      const JobTransfer::Next next = transfer->Finish(code);
      if (next == JobTransfer::Next::kFollow) {
        ready_.push_front(transfer->index());
      } else if (next == JobTransfer::Next::kRetry) {
        later_.emplace_back(Clock::now() + Backoff(transfer->attempts()), transfer->index());
      } else {
        Done(*transfer);
      }
    }
  }

  void Done(const JobTransfer& transfer) {
    results_[transfer.index()] = transfer.result();
    Report(transfer.index());
  }

  void Report(std::size_t index) {
    if (observer_ != nullptr) observer_->OnFinished(index, results_[index]);
  }

  DownloadOptions options_;
  DownloadObserver* observer_;
  std::vector<std::unique_ptr<JobTransfer>> transfers_;
  std::vector<DownloadResult> results_;
  std::deque<std::size_t> ready_;
  std::vector<std::pair<Clock::time_point, std::size_t>> later_;
  int running_ = 0;
};

}  // namespace

std::vector<DownloadResult> DownloadAll(const std::vector<DownloadJob>& jobs,
                                        const DownloadOptions& options,
                                        DownloadObserver* observer) {
  return Scheduler(jobs, options, observer).Run();
}

}  // namespace appvault::client::transfer

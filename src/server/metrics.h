// Server metrics in the Prometheus text format (version 0.0.4): counters and histograms
// grouped in families with labels, the built-in HTTP and blob series, and a way for other
// modules to add their own.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace appvault::server {

// The values of a series' labels, in the order of its family's label names.
using LabelValues = std::vector<std::string>;

// The label of a request method: the method itself for the methods of HTTP (RFC 9110:
// GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE; and PATCH), "other" for any other
// token a client may send. Pure.
std::string_view MethodLabel(std::string_view method);

// The default histogram buckets, in seconds: 0.001 .. 10.
std::vector<double> DefaultDurationBuckets();

// A counter per label set. Thread-safe; owned by its Metrics, valid as long as it is.
class CounterFamily {
 public:
  CounterFamily(std::string name, std::string help, std::vector<std::string> label_names);
  CounterFamily(const CounterFamily&) = delete;
  CounterFamily& operator=(const CounterFamily&) = delete;

  // Adds `amount` (>= 0) to the series `labels`, created at 0 on first use.
  // REQUIRES: labels.size() == the number of label names.
  void Add(const LabelValues& labels, double amount = 1.0);
  // The series' value; 0 when it was never added to.
  double Value(const LabelValues& labels) const;
  // `# HELP`, `# TYPE` and one line per series, sorted by label values.
  void Render(std::string& out) const;

 private:
  const std::string name_;
  const std::string help_;
  const std::vector<std::string> label_names_;
  mutable std::mutex mu_;
  std::map<LabelValues, double> series_;  // guarded by mu_
};

// A histogram per label set, with fixed upper bounds. Thread-safe; owned by its Metrics.
class HistogramFamily {
 public:
  // REQUIRES: `bounds` ascending, without +Inf (it is implied).
  HistogramFamily(std::string name, std::string help, std::vector<std::string> label_names,
                  std::vector<double> bounds);
  HistogramFamily(const HistogramFamily&) = delete;
  HistogramFamily& operator=(const HistogramFamily&) = delete;

  // Counts `value` in the series `labels`. REQUIRES: labels.size() == label names.
  void Observe(const LabelValues& labels, double value);
  // How many values the series has counted.
  std::uint64_t Count(const LabelValues& labels) const;
  // `_bucket{le=…}` (cumulative), `_sum` and `_count` lines per series.
  void Render(std::string& out) const;

 private:
  struct Series {
    std::vector<std::uint64_t> buckets;  // per bound, not cumulative; the last is +Inf
    double sum = 0;
    std::uint64_t count = 0;
  };

  const std::string name_;
  const std::string help_;
  const std::vector<std::string> label_names_;
  const std::vector<double> bounds_;
  mutable std::mutex mu_;
  std::map<LabelValues, Series> series_;  // guarded by mu_
};

// The registry of one server. Thread-safe: families are registered and updated from any
// thread; Render takes a consistent snapshot of each family.
//
// Built in:
//   appvault_http_requests_total{route,method,status}          counter
//   appvault_http_request_duration_seconds{route}               histogram (0.001 .. 10 s)
//   appvault_blob_bytes_served_total                            counter
//   appvault_store_operation_duration_seconds{operation}        histogram
// `route` is the matched route pattern ("/v1/blobs/{sha256}"), never the raw path, and
// `method` one of MethodLabel's fixed set, so the number of series stays bounded whatever
// clients send; requests that matched no route count as "unmatched".
class Metrics {
 public:
  Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // The counter family `name`, registered on first call; later calls with the same name
  // return the same family. REQUIRES: `name` and label names are valid Prometheus names,
  // the same name is not also a histogram, and later calls pass the same label names.
  CounterFamily& Counter(std::string_view name, std::string_view help,
                         std::vector<std::string> label_names = {});
  // The histogram family `name`, likewise; `bounds` matter only on the first call.
  HistogramFamily& Histogram(std::string_view name, std::string_view help,
                             std::vector<std::string> label_names = {},
                             std::vector<double> bounds = DefaultDurationBuckets());

  // One answered request: route pattern (or "unmatched"), method (as received: counted
  // under MethodLabel(method)), HTTP status, duration.
  void ObserveRequest(std::string_view route, std::string_view method, unsigned status,
                      double seconds);
  // Body bytes of file replies written to clients.
  void AddBlobBytesServed(std::uint64_t bytes);
  // One metadata-store operation ("create_session", "put_backups", …) and how long it took.
  void ObserveStore(std::string_view operation, double seconds);

  // The whole registry in the Prometheus text format, families sorted by name.
  std::string Render() const;

 private:
  mutable std::mutex mu_;  // guards the two maps, not the families' contents
  std::map<std::string, std::unique_ptr<CounterFamily>, std::less<>> counters_;
  std::map<std::string, std::unique_ptr<HistogramFamily>, std::less<>> histograms_;
  CounterFamily* requests_;
  HistogramFamily* durations_;
  CounterFamily* blob_bytes_;
  HistogramFamily* store_durations_;
};

}  // namespace appvault::server

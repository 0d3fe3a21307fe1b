#include "server/metrics.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <functional>
#include <utility>

namespace appvault::server {

namespace {

// Prometheus label values escape backslash, double quote and newline.
void AppendEscaped(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

// Integers print as integers ("3", not "3.0"); others in the shortest exact form.
void AppendNumber(std::string& out, double value) {
  if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
    return;
  }
  char text[64];
  std::to_chars_result result = std::to_chars(text, text + sizeof text, value);
  out.append(text, result.ptr);
}

// `{a="x",b="y"}`, with `extra` (`le="0.5"`) last; nothing when there are no labels at all.
void AppendLabels(std::string& out, const std::vector<std::string>& names,
                  const LabelValues& values, std::string_view extra = {}) {
  if (names.empty() && extra.empty()) return;
  out += '{';
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ',';
    out += names[i];
    out += "=\"";
    AppendEscaped(out, values[i]);
    out += '"';
  }
  if (!extra.empty()) {
    if (!names.empty()) out += ',';
    out += extra;
  }
  out += '}';
}

void AppendHeader(std::string& out, const std::string& name, const std::string& help,
                  std::string_view type) {
  out += "# HELP " + name + " ";
  for (char c : help)
    out += c == '\n' ? std::string("\\n") : std::string(1, c);
  out += "\n# TYPE " + name + " ";
  out += type;
  out += '\n';
}

std::string LeLabel(double bound) {
  std::string label = "le=\"";
  AppendNumber(label, bound);
  return label + "\"";
}

}  // namespace

std::string_view MethodLabel(std::string_view method) {
  static constexpr std::string_view kKnown[] = {"GET",     "HEAD",    "POST",  "PUT",  "DELETE",
                                                "CONNECT", "OPTIONS", "TRACE", "PATCH"};
  for (std::string_view known : kKnown) {
    if (method == known) return known;
  }
  return "other";
}

std::vector<double> DefaultDurationBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

CounterFamily::CounterFamily(std::string name, std::string help,
                             std::vector<std::string> label_names)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}

void CounterFamily::Add(const LabelValues& labels, double amount) {
  assert(labels.size() == label_names_.size());
  std::lock_guard lock(mu_);
  series_[labels] += amount;
}

double CounterFamily::Value(const LabelValues& labels) const {
  std::lock_guard lock(mu_);
  auto it = series_.find(labels);
  return it == series_.end() ? 0 : it->second;
}

void CounterFamily::Render(std::string& out) const {
  AppendHeader(out, name_, help_, "counter");
  std::lock_guard lock(mu_);
  if (series_.empty() && label_names_.empty()) {
    out += name_ + " 0\n";  // a label-less counter exists from the start
    return;
  }
  for (const auto& [labels, value] : series_) {
    out += name_;
    AppendLabels(out, label_names_, labels);
    out += ' ';
    AppendNumber(out, value);
    out += '\n';
  }
}

HistogramFamily::HistogramFamily(std::string name, std::string help,
                                 std::vector<std::string> label_names, std::vector<double> bounds)
    : name_(std::move(name)),
      help_(std::move(help)),
      label_names_(std::move(label_names)),
      bounds_(std::move(bounds)) {
  assert(std::is_sorted(bounds_.begin(), bounds_.end()));
}

void HistogramFamily::Observe(const LabelValues& labels, double value) {
  assert(labels.size() == label_names_.size());
  std::size_t bucket = static_cast<std::size_t>(
      std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
  std::lock_guard lock(mu_);
  Series& series = series_[labels];
  if (series.buckets.empty()) series.buckets.resize(bounds_.size() + 1);
  ++series.buckets[bucket];
  series.sum += value;
  ++series.count;
}

std::uint64_t HistogramFamily::Count(const LabelValues& labels) const {
  std::lock_guard lock(mu_);
  auto it = series_.find(labels);
  return it == series_.end() ? 0 : it->second.count;
}

void HistogramFamily::Render(std::string& out) const {
  AppendHeader(out, name_, help_, "histogram");
  std::lock_guard lock(mu_);
  for (const auto& [labels, series] : series_) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
      cumulative += series.buckets[i];
      double bound = i < bounds_.size() ? bounds_[i] : HUGE_VAL;
      out += name_ + "_bucket";
      AppendLabels(out, label_names_, labels, LeLabel(bound));
      out += ' ' + std::to_string(cumulative) + '\n';
    }
    out += name_ + "_sum";
    AppendLabels(out, label_names_, labels);
    out += ' ';
    AppendNumber(out, series.sum);
    out += '\n' + name_ + "_count";
    AppendLabels(out, label_names_, labels);
    out += ' ' + std::to_string(series.count) + '\n';
  }
}

Metrics::Metrics() {
  requests_ = &Counter("appvault_http_requests_total", "HTTP requests answered.",
                       {"route", "method", "status"});
  durations_ = &Histogram("appvault_http_request_duration_seconds",
                          "Time from a request's header to the end of its response.", {"route"});
  blob_bytes_ = &Counter("appvault_blob_bytes_served_total", "Bytes of files sent to clients.");
  store_durations_ = &Histogram("appvault_store_operation_duration_seconds",
                                "Time taken by metadata store operations.", {"operation"});
}

CounterFamily& Metrics::Counter(std::string_view name, std::string_view help,
                                std::vector<std::string> label_names) {
  std::lock_guard lock(mu_);
  assert(histograms_.find(name) == histograms_.end());
  auto it = counters_.find(name);
  if (it == counters_.end()) {
    auto family = std::make_unique<CounterFamily>(std::string(name), std::string(help),
                                                  std::move(label_names));
    it = counters_.emplace(std::string(name), std::move(family)).first;
  }
  return *it->second;
}

HistogramFamily& Metrics::Histogram(std::string_view name, std::string_view help,
                                    std::vector<std::string> label_names,
                                    std::vector<double> bounds) {
  std::lock_guard lock(mu_);
  assert(counters_.find(name) == counters_.end());
  auto it = histograms_.find(name);
  if (it == histograms_.end()) {
    auto family = std::make_unique<HistogramFamily>(std::string(name), std::string(help),
                                                    std::move(label_names), std::move(bounds));
    it = histograms_.emplace(std::string(name), std::move(family)).first;
  }
  return *it->second;
}

void Metrics::ObserveRequest(std::string_view route, std::string_view method, unsigned status,
                             double seconds) {
  requests_->Add({std::string(route), std::string(MethodLabel(method)), std::to_string(status)});
  durations_->Observe({std::string(route)}, seconds);
}

void Metrics::AddBlobBytesServed(std::uint64_t bytes) {
  blob_bytes_->Add({}, static_cast<double>(bytes));
}

void Metrics::ObserveStore(std::string_view operation, double seconds) {
  store_durations_->Observe({std::string(operation)}, seconds);
}

std::string Metrics::Render() const {
  std::lock_guard lock(mu_);
  std::map<std::string_view, std::function<void(std::string&)>> ordered;
  for (const auto& [name, family] : counters_)
    ordered.emplace(name, [&family = *family](std::string& out) { family.Render(out); });
  for (const auto& [name, family] : histograms_)
    ordered.emplace(name, [&family = *family](std::string& out) { family.Render(out); });
  std::string out;
  for (const auto& [name, render] : ordered)
    render(out);
  return out;
}

}  // namespace appvault::server

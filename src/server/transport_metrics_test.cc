#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "server/metrics.h"
#include "server/metrics_handler.h"
#include "server/router.h"

namespace appvault::server {
namespace {

namespace http = boost::beast::http;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(MetricsTest, BuiltInFamiliesAreRenderedFromTheStart) {
  Metrics metrics;
  std::string text = metrics.Render();
  EXPECT_TRUE(Contains(text, "# TYPE appvault_http_requests_total counter\n"));
  EXPECT_TRUE(Contains(text, "# TYPE appvault_http_request_duration_seconds histogram\n"));
  EXPECT_TRUE(Contains(text, "# TYPE appvault_store_operation_duration_seconds histogram\n"));
  EXPECT_TRUE(Contains(text, "\nappvault_blob_bytes_served_total 0\n"));
}

TEST(MetricsTest, RequestsAreCountedByRouteMethodAndStatus) {
  Metrics metrics;
  metrics.ObserveRequest("/v1/blobs/{sha256}", "GET", 200, 0.003);
  metrics.ObserveRequest("/v1/blobs/{sha256}", "GET", 200, 0.2);
  metrics.ObserveRequest("unmatched", "GET", 404, 0.0001);
  std::string text = metrics.Render();
  EXPECT_TRUE(Contains(
      text,
      "appvault_http_requests_total{route=\"/v1/blobs/{sha256}\",method=\"GET\",status=\"200\"} "
      "2\n"));
  EXPECT_TRUE(Contains(
      text, "appvault_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n"));
  EXPECT_TRUE(Contains(text,
                       "appvault_http_request_duration_seconds_bucket{route=\"/v1/blobs/"
                       "{sha256}\",le=\"0.001\"} 0\n"));
  EXPECT_TRUE(Contains(text,
                       "appvault_http_request_duration_seconds_bucket{route=\"/v1/blobs/"
                       "{sha256}\",le=\"0.005\"} 1\n"));
  EXPECT_TRUE(Contains(text,
                       "appvault_http_request_duration_seconds_bucket{route=\"/v1/blobs/"
                       "{sha256}\",le=\"+Inf\"} 2\n"));
  EXPECT_TRUE(Contains(
      text, "appvault_http_request_duration_seconds_count{route=\"/v1/blobs/{sha256}\"} 2\n"));
  EXPECT_TRUE(Contains(
      text, "appvault_http_request_duration_seconds_sum{route=\"/v1/blobs/{sha256}\"} 0.20"));
}

TEST(MetricsTest, BlobBytesAndStoreOperations) {
  Metrics metrics;
  metrics.AddBlobBytesServed(10 * 1024 * 1024);
  metrics.AddBlobBytesServed(5);
  metrics.ObserveStore("create_session", 0.5);
  std::string text = metrics.Render();
  EXPECT_TRUE(Contains(text, "\nappvault_blob_bytes_served_total 10485765\n"));
  EXPECT_TRUE(Contains(text,
                       "appvault_store_operation_duration_seconds_bucket{operation=\"create_"
                       "session\",le=\"0.5\"} 1\n"));
}

TEST(MetricsTest, OthersAddTheirOwnFamilies) {
  Metrics metrics;
  CounterFamily& scans = metrics.Counter("appvault_scans_total", "Packages scanned.", {"verdict"});
  EXPECT_EQ(&metrics.Counter("appvault_scans_total", "again", {"verdict"}), &scans);
  scans.Add({"clean"});
  scans.Add({"clean"}, 2);
  EXPECT_EQ(scans.Value({"clean"}), 3);
  HistogramFamily& sizes =
      metrics.Histogram("appvault_upload_bytes", "Upload sizes.", {}, {1024, 1048576});
  sizes.Observe({}, 2000);
  EXPECT_EQ(sizes.Count({}), 1u);
  std::string text = metrics.Render();
  EXPECT_TRUE(Contains(text, "# HELP appvault_scans_total Packages scanned.\n"));
  EXPECT_TRUE(Contains(text, "appvault_scans_total{verdict=\"clean\"} 3\n"));
  EXPECT_TRUE(Contains(text, "appvault_upload_bytes_bucket{le=\"1024\"} 0\n"));
  EXPECT_TRUE(Contains(text, "appvault_upload_bytes_bucket{le=\"1048576\"} 1\n"));
  EXPECT_TRUE(Contains(text, "appvault_upload_bytes_count 1\n"));
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  Metrics metrics;
  metrics.Counter("x_total", "x", {"v"}).Add({"a\"b\\c\nd"});
  EXPECT_TRUE(Contains(metrics.Render(), "x_total{v=\"a\\\"b\\\\c\\nd\"} 1\n"));
}

TEST(MetricsTest, ConcurrentUpdatesAreAllCounted) {
  Metrics metrics;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&metrics] {
      for (int i = 0; i < 1000; ++i)
        metrics.ObserveRequest("/healthz", "GET", 200, 0.001);
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  EXPECT_TRUE(Contains(metrics.Render(),
                       "appvault_http_requests_total{route=\"/healthz\",method=\"GET\",status="
                       "\"200\"} 4000\n"));
}

TEST(MetricsTest, MetricsRouteServesTheTextFormat) {
  auto metrics = std::make_shared<Metrics>();
  metrics->ObserveRequest("/healthz", "GET", 200, 0.001);
  Router router;
  AddMetricsRoutes(router, metrics);
  Request request(HttpRequest(http::verb::get, "/metrics", 11));
  Reply reply = router.Dispatch(request);
  EXPECT_EQ(reply.result(), http::status::ok);
  EXPECT_EQ(reply[http::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_TRUE(Contains(reply.body(), "route=\"/healthz\""));
}

}  // namespace
}  // namespace appvault::server

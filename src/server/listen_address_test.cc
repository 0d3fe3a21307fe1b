#include "server/listen_address.h"

#include <gtest/gtest.h>

namespace appvault::server {
namespace {

TEST(ListenAddressTest, ParsesIpv4AndPort) {
  Result<ListenAddress> address = ParseListenAddress("127.0.0.1:8080");
  ASSERT_TRUE(address.ok()) << address.status().ToString();
  EXPECT_EQ(address->host, "127.0.0.1");
  EXPECT_EQ(address->port, 8080);
}

TEST(ListenAddressTest, PortZeroAndAnyAddress) {
  Result<ListenAddress> address = ParseListenAddress("0.0.0.0:0");
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address->host, "0.0.0.0");
  EXPECT_EQ(address->port, 0);
}

TEST(ListenAddressTest, ParsesBracketedIpv6) {
  Result<ListenAddress> address = ParseListenAddress("[::1]:443");
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address->host, "::1");
  EXPECT_EQ(address->port, 443);
}

TEST(ListenAddressTest, LocalhostIsLoopback) {
  Result<ListenAddress> address = ParseListenAddress("localhost:9000");
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address->host, "127.0.0.1");
}

TEST(ListenAddressTest, RefusesMalformedValues) {
  for (const char* text :
       {"", "8080", "127.0.0.1", "127.0.0.1:", "127.0.0.1:http", "127.0.0.1:65536", "127.0.0.1:-1",
        "127.0.0.1:80x", "example.com:80", "::1:80", "[127.0.0.1]:80", "300.1.1.1:80"}) {
    Result<ListenAddress> address = ParseListenAddress(text);
    ASSERT_FALSE(address.ok()) << text;
    EXPECT_EQ(address.status().code(), StatusCode::kInvalidArgument) << text;
  }
}

TEST(ListenAddressTest, FormatsHostAndPort) {
  EXPECT_EQ(FormatHostPort("127.0.0.1", 80), "127.0.0.1:80");
  EXPECT_EQ(FormatHostPort("::1", 80), "[::1]:80");
}

}  // namespace
}  // namespace appvault::server

// Whose X-Forwarded-For is believed, and which entry names the client (finding 5 of issue
// 14: a proxy's clients are told apart; nobody else can choose their address).
#include "server/trusted_proxies.h"

#include <gtest/gtest.h>

namespace appvault::server {
namespace {

TrustedProxies Parsed(const std::vector<std::string>& cidrs) {
  Result<TrustedProxies> proxies = TrustedProxies::Parse(cidrs);
  EXPECT_TRUE(proxies.ok()) << proxies.status().ToString();
  return proxies.ok() ? *proxies : TrustedProxies();
}

TEST(TrustedProxiesTest, BlocksMatchByPrefix) {
  TrustedProxies proxies = Parsed({"10.0.0.0/8", "192.0.2.7", "fd00::/8"});
  EXPECT_TRUE(proxies.Contains("10.200.3.4"));
  EXPECT_FALSE(proxies.Contains("11.0.0.1"));
  EXPECT_TRUE(proxies.Contains("192.0.2.7"));
  EXPECT_FALSE(proxies.Contains("192.0.2.8"));
  EXPECT_TRUE(proxies.Contains("fd12::1"));
  EXPECT_FALSE(proxies.Contains("fe80::1"));
  EXPECT_FALSE(proxies.Contains("not an address"));
}

TEST(TrustedProxiesTest, BadBlocksAreRefusedNamingThem) {
  for (const char* bad : {"10.0.0.0/33", "10.0.0/8", "::1/129", "10.0.0.0/x", "proxy"}) {
    Result<TrustedProxies> proxies = TrustedProxies::Parse({bad});
    ASSERT_FALSE(proxies.ok()) << bad;
    EXPECT_EQ(proxies.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(proxies.status().message().find(bad), std::string::npos);
  }
}

TEST(TrustedProxiesTest, AnUntrustedPeerIsTheClientWhateverItForwards) {
  TrustedProxies proxies = Parsed({"10.0.0.0/8"});
  EXPECT_EQ(proxies.ClientAddress("203.0.113.5", {"198.51.100.1"}), "203.0.113.5");
  EXPECT_EQ(TrustedProxies().ClientAddress("127.0.0.1", {"198.51.100.1"}), "127.0.0.1");
}

TEST(TrustedProxiesTest, TheRightMostUntrustedEntryIsTheClient) {
  TrustedProxies proxies = Parsed({"10.0.0.0/8", "127.0.0.1/32"});
  // The client wrote "6.6.6.6" itself; the first proxy appended what it saw.
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", {"6.6.6.6, 198.51.100.1"}), "198.51.100.1");
  // Two proxies in a row, over two headers.
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", {"6.6.6.6, 198.51.100.1", "10.1.1.1"}),
            "198.51.100.1");
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", {" 2001:db8::7 "}), "2001:db8::7");
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", {"[2001:db8::7]:443"}), "2001:db8::7");
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", {"198.51.100.1:5000"}), "198.51.100.1");
  // Every entry trusted: the left-most.
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", {"10.0.0.9, 10.0.0.8"}), "10.0.0.9");
}

TEST(TrustedProxiesTest, NoHeaderOrGarbageToTakeIsThePeer) {
  TrustedProxies proxies = Parsed({"127.0.0.1/32"});
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", {}), "127.0.0.1");
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", {"198.51.100.1, unknown"}), "127.0.0.1");
}

TEST(AddressKeyTest, Ipv6CountsByItsSlash64) {
  EXPECT_EQ(AddressKey("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(AddressKey("2001:db8:1:2:aaaa::1"), AddressKey("2001:db8:1:2:bbbb::9"));
  EXPECT_NE(AddressKey("2001:db8:1:2::1"), AddressKey("2001:db8:1:3::1"));
  EXPECT_EQ(AddressKey(""), "");
}

}  // namespace
}  // namespace appvault::server

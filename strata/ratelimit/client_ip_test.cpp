// Tests for address parsing, networks and the X-Forwarded-For walk: only hops added by trusted
// proxies are believed, whatever the client writes into the header.
#include <strata/ratelimit/client_ip.hpp>
#include <strata/ratelimit/keys.hpp>

#include <gtest/gtest.h>

namespace strata::ratelimit {
namespace {

using list = std::vector<std::string_view>;

std::string walk(std::string_view peer, list xff, const std::vector<std::string>& trusted) {
  auto nets = parse_networks(trusted);
  return client_ip(peer, xff, nets);
}

TEST(ip_network, parses_and_matches_v4_and_v6) {
  auto n = ip_network::parse("10.1.0.0/16");
  ASSERT_TRUE(n);
  EXPECT_TRUE(n->contains(*parse_address("10.1.255.3")));
  EXPECT_FALSE(n->contains(*parse_address("10.2.0.1")));
  EXPECT_FALSE(n->contains(*parse_address("::1")));
  auto odd = ip_network::parse("192.168.0.128/25");
  EXPECT_TRUE(odd->contains(*parse_address("192.168.0.200")));
  EXPECT_FALSE(odd->contains(*parse_address("192.168.0.127")));
  auto v6 = ip_network::parse("fd00::/8");
  EXPECT_TRUE(v6->contains(*parse_address("fd12:3456::1")));
  EXPECT_FALSE(v6->contains(*parse_address("fe80::1")));
  auto one = ip_network::parse("127.0.0.1");
  EXPECT_TRUE(one->contains(*parse_address("127.0.0.1")));
  EXPECT_FALSE(one->contains(*parse_address("127.0.0.2")));
  // An IPv4-mapped peer is its IPv4 address.
  EXPECT_TRUE(one->contains(*parse_address("::ffff:127.0.0.1")));
  EXPECT_TRUE(ip_network::parse("0.0.0.0/0")->contains(*parse_address("8.8.8.8")));
  for (const char* bad :
       {"", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "example.com", "10.0.0/8", "1.2.3.4/8/8"})
    EXPECT_FALSE(ip_network::parse(bad)) << bad;
  EXPECT_THROW(parse_networks({"10.0.0.0/8", "nope"}), std::invalid_argument);
}

TEST(parse_address, accepts_the_forms_proxies_write) {
  EXPECT_EQ(parse_address(" 1.2.3.4 ")->to_string(), "1.2.3.4");
  EXPECT_EQ(parse_address("1.2.3.4:8080")->to_string(), "1.2.3.4");
  EXPECT_EQ(parse_address("[2001:db8::1]:443")->to_string(), "2001:db8::1");
  EXPECT_EQ(parse_address("[2001:db8::1]")->to_string(), "2001:db8::1");
  EXPECT_EQ(parse_address("2001:db8::1")->to_string(), "2001:db8::1");
  EXPECT_EQ(parse_address("::ffff:10.0.0.1")->to_string(), "10.0.0.1");
  for (const char* bad : {"", "unknown", "1.2.3", "[::1", "[::1]x", "1.2.3.4.5", "<script>"})
    EXPECT_FALSE(parse_address(bad)) << bad;
}

TEST(client_ip, without_trusted_proxies_the_header_is_ignored) {
  EXPECT_EQ(walk("203.0.113.9", {"1.1.1.1"}, {}), "203.0.113.9");
  EXPECT_EQ(walk("203.0.113.9", {}, {"10.0.0.0/8"}), "203.0.113.9");
}

TEST(client_ip, an_untrusted_peer_is_the_client_whatever_it_forwards) {
  EXPECT_EQ(walk("203.0.113.9", {"1.1.1.1, 10.0.0.1"}, {"10.0.0.0/8"}), "203.0.113.9");
}

TEST(client_ip, takes_the_right_most_untrusted_hop) {
  std::vector<std::string> proxies{"10.0.0.0/8", "127.0.0.1"};
  // The client's own claim (6.6.6.6) is left of the address our proxy saw (198.51.100.7).
  EXPECT_EQ(walk("127.0.0.1", {"6.6.6.6, 198.51.100.7"}, proxies), "198.51.100.7");
  // Two proxies of ours in a row.
  EXPECT_EQ(walk("127.0.0.1", {"6.6.6.6, 198.51.100.7, 10.0.0.3"}, proxies), "198.51.100.7");
  // Several header lines form one list, in order.
  EXPECT_EQ(walk("127.0.0.1", {"6.6.6.6, 198.51.100.7", "10.0.0.3"}, proxies), "198.51.100.7");
  EXPECT_EQ(walk("127.0.0.1", {"198.51.100.7", "10.0.0.3, 10.0.0.4"}, proxies), "198.51.100.7");
  // A client claiming to be one of our proxies gains nothing: the next hop left of it is used,
  // and it is still whatever the client wrote only if our proxy put it there.
  EXPECT_EQ(walk("127.0.0.1", {"10.0.0.9"}, proxies), "10.0.0.9");  // all trusted: the left-most
  EXPECT_EQ(walk("127.0.0.1", {"2001:db8::5, [2001:db8::7]:1234"}, proxies), "2001:db8::7");
}

TEST(client_ip, garbage_stops_the_walk_at_the_proxy_that_forwarded_it) {
  std::vector<std::string> proxies{"10.0.0.0/8", "127.0.0.1"};
  EXPECT_EQ(walk("127.0.0.1", {"1.1.1.1, garbage"}, proxies), "127.0.0.1");
  EXPECT_EQ(walk("127.0.0.1", {"garbage, 10.0.0.5"}, proxies), "10.0.0.5");
  EXPECT_EQ(walk("127.0.0.1", {"1.1.1.1,,  "}, proxies), "1.1.1.1");  // empty items are skipped
}

TEST(keys, long_keys_are_hashed_and_short_ones_kept) {
  EXPECT_EQ(bounded_key("key:abc"), "key:abc");
  auto a = bounded_key("key:" + std::string(500, 'x'));
  auto b = bounded_key("key:" + std::string(499, 'x') + "y");
  EXPECT_EQ(a.size(), 7u + 64u);
  EXPECT_EQ(a.rfind("sha256:", 0), 0u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a, bounded_key("key:" + std::string(500, 'x')));
}

}  // namespace
}  // namespace strata::ratelimit

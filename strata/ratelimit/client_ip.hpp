// client_ip: the address a request came from when proxies stand in front. X-Forwarded-For is
// written by whoever sends it, so only the hops added by configured proxies are believed: the
// walk goes right to left and stops at the first address that is not a trusted proxy.
#pragma once
#include <boost/asio/ip/address.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace strata::http {
class request;
}

namespace strata::ratelimit {

// An address range: "10.0.0.0/8", "fd00::/8", or one address ("127.0.0.1" is /32).
class ip_network {
public:
  // nullopt when `text` is not an address with an optional valid prefix length.
  static std::optional<ip_network> parse(std::string_view text);
  bool contains(const boost::asio::ip::address& a) const;

private:
  boost::asio::ip::address base_;
  unsigned prefix_ = 0;
};

// Parses a list of networks; throws std::invalid_argument naming the first bad one.
std::vector<ip_network> parse_networks(const std::vector<std::string>& texts);

// An address as a peer or proxy writes it: "1.2.3.4", "::1", "[::1]", "[::1]:80", "1.2.3.4:80";
// IPv4-mapped IPv6 ("::ffff:1.2.3.4") is read as IPv4. nullopt when it is not an address.
std::optional<boost::asio::ip::address> parse_address(std::string_view text);

// The client's address: the peer when it is not a trusted proxy, else the right-most
// X-Forwarded-For entry that is not one (all the X-Forwarded-For lines, in order, form one list).
// An entry that is not an address ends the walk at the proxy that forwarded it: garbage cannot
// name a client, and a client must not get a fresh key by sending new garbage.
std::string client_ip(std::string_view peer, std::span<const std::string_view> forwarded_for,
                      std::span<const ip_network> trusted);
std::string client_ip(const http::request& req, std::span<const ip_network> trusted);

}  // namespace strata::ratelimit

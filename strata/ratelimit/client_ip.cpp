// Address parsing, network matching and the right-to-left X-Forwarded-For walk.
#include <strata/http/request.hpp>
#include <strata/ratelimit/client_ip.hpp>

#include <charconv>
#include <stdexcept>

namespace strata::ratelimit {

namespace {
namespace ip = boost::asio::ip;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

ip::address unmap(const ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, a.to_v6());
  return a;
}

bool prefix_equal(const unsigned char* a, const unsigned char* b, unsigned bits) {
  for (unsigned i = 0; i < bits / 8; ++i)
    if (a[i] != b[i]) return false;
  if (bits % 8 == 0) return true;
  const unsigned char m = static_cast<unsigned char>(0xff << (8 - bits % 8));
  return (a[bits / 8] & m) == (b[bits / 8] & m);
}
}  // namespace

std::optional<ip::address> parse_address(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  if (text.front() == '[') {  // [v6] or [v6]:port
    auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    auto rest = text.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    text = text.substr(1, close - 1);
  } else if (auto colon = text.find(':');
             colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos) {
    text = text.substr(0, colon);  // v4:port (a v6 address has at least two colons)
  }
  boost::system::error_code ec;
  auto a = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return unmap(a);
}

std::optional<ip_network> ip_network::parse(std::string_view text) {
  text = trim(text);
  auto slash = text.find('/');
  auto a = parse_address(text.substr(0, slash));
  if (!a) return std::nullopt;
  const unsigned max = a->is_v4() ? 32 : 128;
  unsigned prefix = max;
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size() || prefix > max) return std::nullopt;
  }
  ip_network n;
  n.base_ = *a;
  n.prefix_ = prefix;
  return n;
}

bool ip_network::contains(const ip::address& raw) const {
  const auto a = unmap(raw);
  if (a.is_v4() != base_.is_v4()) return false;
  if (a.is_v4()) return prefix_equal(a.to_v4().to_bytes().data(), base_.to_v4().to_bytes().data(), prefix_);
  return prefix_equal(a.to_v6().to_bytes().data(), base_.to_v6().to_bytes().data(), prefix_);
}

std::vector<ip_network> parse_networks(const std::vector<std::string>& texts) {
  std::vector<ip_network> out;
  for (const auto& t : texts) {
    auto n = ip_network::parse(t);
    if (!n) throw std::invalid_argument("ratelimit: not an address or network: '" + t + "'");
    out.push_back(*n);
  }
  return out;
}

std::string client_ip(std::string_view peer, std::span<const std::string_view> forwarded_for,
                      std::span<const ip_network> trusted) {
  auto trusts = [&](const ip::address& a) {
    for (const auto& n : trusted)
      if (n.contains(a)) return true;
    return false;
  };
  auto current = parse_address(peer);
  if (!current) return std::string(peer);
  // Entries right to left: the last line's last entry is the hop closest to us.
  for (auto line = forwarded_for.rbegin(); line != forwarded_for.rend(); ++line) {
    std::string_view list = *line;
    while (true) {
      if (!trusts(*current)) return current->to_string();
      if (list.empty()) break;
      auto comma = list.rfind(',');
      auto item = comma == std::string_view::npos ? list : list.substr(comma + 1);
      list = comma == std::string_view::npos ? std::string_view() : list.substr(0, comma);
      if (trim(item).empty()) continue;
      auto next = parse_address(item);
      if (!next) return current->to_string();
      current = next;
    }
  }
  // Every hop is a trusted proxy: the left-most is as close to the client as we can know.
  return current->to_string();
}

std::string client_ip(const http::request& req, std::span<const ip_network> trusted) {
  std::vector<std::string_view> lines;
  if (!trusted.empty())
    for (const auto& h : req.headers())
      if (http::iequals(h.name, "x-forwarded-for")) lines.push_back(h.value);
  return client_ip(req.ip(), lines, trusted);
}

}  // namespace strata::ratelimit

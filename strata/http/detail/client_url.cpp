// parse_target and resolve_location, both on Boost.URL.
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>
#include <strata/http/client_error.hpp>
#include <strata/http/detail/client_url.hpp>

namespace strata::http::detail {

request_target parse_target(std::string_view method, std::string_view url) {
  auto fail = [&](std::string_view why) -> request_target {
    throw client_error(client_error_kind::usage, method, url, why);
  };
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return fail("not an absolute URL");
  const boost::urls::url_view& u = *parsed;
  request_target t;
  if (u.scheme_id() == boost::urls::scheme::https)
    t.tls = true;
  else if (u.scheme_id() != boost::urls::scheme::http)
    return fail("only http and https URLs can be fetched");
  if (!u.has_authority() || u.encoded_host().empty()) return fail("the URL has no host");

  switch (u.host_type()) {
    case boost::urls::host_type::ipv4:
      t.host = u.host_ipv4_address().to_string();
      t.host_is_ip = true;
      break;
    case boost::urls::host_type::ipv6:
      t.host = u.host_ipv6_address().to_string();
      t.host_is_ip = true;
      break;
    case boost::urls::host_type::name: {
      t.host = u.host_name();
      for (auto& c : t.host)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      break;
    }
    default:
      return fail("unsupported host form");
  }
  const std::uint16_t default_port = t.tls ? 443 : 80;
  if (u.has_port()) {
    if (u.port().empty()) {
      t.port = default_port;
    } else {
      const auto p = u.port_number();
      if (p == 0 || std::to_string(p) != u.port()) return fail("bad port");
      t.port = p;
    }
  } else {
    t.port = default_port;
  }

  const std::string host_text = u.host_type() == boost::urls::host_type::ipv6 ? "[" + t.host + "]" : t.host;
  t.host_header = host_text;
  if (t.port != default_port) t.host_header += ":" + std::to_string(t.port);
  t.origin = std::string(t.tls ? "https://" : "http://") + host_text + ":" + std::to_string(t.port);

  t.target = u.encoded_path().empty() ? "/" : std::string(u.encoded_path());
  if (t.target.front() != '/') return fail("bad path");
  if (u.has_query()) t.target += "?" + std::string(u.encoded_query());
  for (char c : t.target)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return fail("bad character in the path or query");

  if (u.has_userinfo()) t.credentials.emplace(u.user(), u.password());
  return t;
}

std::optional<std::string> resolve_location(std::string_view base, std::string_view location) {
  auto b = boost::urls::parse_uri(base);
  auto ref = boost::urls::parse_uri_reference(location);
  if (!b || !ref) return std::nullopt;
  boost::urls::url out;
  if (auto r = boost::urls::resolve(*b, *ref, out); !r) return std::nullopt;
  // A redirect keeps the fragment of the original URL when the Location has none (RFC 9110
  // 10.2.2); it is never sent, so only the URL reported back would differ. Drop both.
  out.remove_fragment();
  return std::string(out.buffer());
}

}  // namespace strata::http::detail

// options::from_url: redis:// and rediss:// URLs (the form redis-cli, ioredis and node-redis take).
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>
#include <strata/redis/error.hpp>
#include <strata/redis/options.hpp>

namespace strata::redis {
namespace {

[[noreturn]] void bad(std::string_view what) {
  throw error(error_kind::usage, "redis: " + std::string(what));
}

long long number(std::string_view text, std::string_view what, long long min, long long max) {
  long long v = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size() || v < min || v > max)
    bad("bad " + std::string(what) + " \"" + std::string(text) + "\" in the URL");
  return v;
}

}  // namespace

options options::from_url(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) bad("not a URL (expected redis://[user:password@]host[:port][/db])");
  const boost::urls::url_view u = *parsed;
  options o;
  if (u.scheme() == "redis")
    o.tls = false;
  else if (u.scheme() == "rediss")
    o.tls = true;
  else
    bad("unknown URL scheme \"" + std::string(u.scheme()) + "\" (expected redis:// or rediss://)");
  if (!u.encoded_host().empty()) o.host = u.host_address();
  if (u.has_port()) o.port = static_cast<std::uint16_t>(number(u.port(), "port", 1, 65535));
  if (u.has_userinfo()) {
    o.user = u.user();
    if (u.has_password()) o.password = u.password();
    // redis://secret@host (no colon) is the password alone, as redis-cli reads it.
    if (!u.has_password()) o.password = std::exchange(o.user, std::string());
  }
  std::string path = u.path();
  if (!path.empty() && path != "/") {
    std::string_view db = path;
    if (db.front() == '/') db.remove_prefix(1);
    o.db = static_cast<int>(number(db, "database number", 0, 1 << 20));
  }
  for (auto p : u.params()) {
    const std::string key = p.key;
    const std::string value = p.value;
    if (key == "protocol")
      o.protocol = static_cast<int>(number(value, "protocol", 2, 3));
    else if (key == "connect_timeout")
      o.connect_timeout = std::chrono::milliseconds(number(value, key, 1, 1LL << 40));
    else if (key == "command_timeout")
      o.command_timeout = std::chrono::milliseconds(number(value, key, 0, 1LL << 40));
    else if (key == "connections")
      o.connections_per_loop = static_cast<std::size_t>(number(value, key, 1, 1024));
    else if (key == "tls_verify")
      o.tls_verify = number(value, key, 0, 1) != 0;
    else if (key == "ca_file")
      o.ca_file = value;
    else if (key == "client_name")
      o.client_name = value;
    else if (key == "db")
      o.db = static_cast<int>(number(value, "database number", 0, 1 << 20));
    else
      bad("unknown URL parameter \"" + key + "\"");
  }
  return o;
}

std::string options::redacted() const {
  std::string out = tls ? "rediss://" : "redis://";
  if (!user.empty() || !password.empty()) {
    out += user;
    if (!password.empty()) out += ":***";
    out += '@';
  }
  out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
  out += ':' + std::to_string(port);
  if (db != 0) out += '/' + std::to_string(db);
  return out;
}

}  // namespace strata::redis

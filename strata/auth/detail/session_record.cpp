#include <strata/auth/detail/base64.hpp>
#include <strata/auth/detail/session_record.hpp>
#include <strata/http/json_numbers.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace strata::auth::detail {
namespace {

namespace json = boost::json;

json::array strings_to_json(const std::vector<std::string>& v) {
  json::array a;
  a.reserve(v.size());
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

bool strings_from_json(const json::value* v, std::vector<std::string>& out) {
  if (!v) return true;
  if (!v->is_array()) return false;
  for (const auto& e : v->get_array()) {
    if (!e.is_string()) return false;
    out.emplace_back(e.get_string());
  }
  return true;
}

bool known_keys(const json::object& o, std::initializer_list<std::string_view> keys) {
  for (const auto& kv : o) {
    bool ok = false;
    for (auto k : keys) ok = ok || kv.key() == k;
    if (!ok) return false;
  }
  return true;
}

}  // namespace

json::object principal_to_json(const principal& p) {
  json::object o;
  o["id"] = p.id;
  if (!p.strategy.empty()) o["strategy"] = p.strategy;
  if (!p.roles.empty()) o["roles"] = strings_to_json(p.roles);
  if (!p.scopes.empty()) o["scopes"] = strings_to_json(p.scopes);
  if (!p.claims.empty()) o["claims"] = p.claims;
  return o;
}

std::optional<principal> principal_from_json(const json::value& v) {
  if (!v.is_object()) return std::nullopt;
  const auto& o = v.get_object();
  if (!known_keys(o, {"id", "strategy", "roles", "scopes", "claims"})) return std::nullopt;
  principal p;
  const auto* id = o.if_contains("id");
  if (!id || !id->is_string()) return std::nullopt;
  p.id = id->get_string();
  if (const auto* s = o.if_contains("strategy")) {
    if (!s->is_string()) return std::nullopt;
    p.strategy = s->get_string();
  }
  if (!strings_from_json(o.if_contains("roles"), p.roles) || !strings_from_json(o.if_contains("scopes"), p.scopes))
    return std::nullopt;
  if (const auto* c = o.if_contains("claims")) {
    if (!c->is_object()) return std::nullopt;
    p.claims = c->get_object();
  }
  return p;
}

std::string encode_session(const session_record& r) {
  json::object o;
  o["v"] = 1;
  o["id"] = r.id;
  o["c"] = r.created_ms;
  o["t"] = r.touched_ms;
  if (r.who) o["u"] = principal_to_json(*r.who);
  if (!r.csrf.empty()) o["k"] = base64url_encode(r.csrf);
  o["d"] = r.data;
  return json::serialize(o);
}

std::optional<session_record> decode_session(std::string_view text, std::size_t max_size) {
  if (text.size() > max_size) return std::nullopt;
  json::parse_options opts;
  opts.max_depth = 64;
  std::error_code ec;
  json::value v = json::parse(text, ec, {}, opts);
  // A number beyond a double's range would be written back as `Infinity`, which does not read.
  if (ec || !v.is_object() || !http::numbers_are_finite(v)) return std::nullopt;
  const auto& o = v.get_object();
  if (!known_keys(o, {"v", "id", "c", "t", "u", "k", "d"})) return std::nullopt;
  const auto* ver = o.if_contains("v");
  const auto* id = o.if_contains("id");
  const auto* c = o.if_contains("c");
  const auto* t = o.if_contains("t");
  const auto* d = o.if_contains("d");
  if (!ver || !ver->is_int64() || ver->get_int64() != 1) return std::nullopt;
  if (!id || !id->is_string() || !c || !c->is_int64() || !t || !t->is_int64() || !d || !d->is_object())
    return std::nullopt;
  session_record r;
  r.id = id->get_string();
  r.created_ms = c->get_int64();
  r.touched_ms = t->get_int64();
  if (const auto* u = o.if_contains("u")) {
    r.who = principal_from_json(*u);
    if (!r.who) return std::nullopt;
  }
  if (const auto* k = o.if_contains("k")) {
    if (!k->is_string()) return std::nullopt;
    auto secret = base64url_decode(k->get_string());
    if (!secret || secret->size() != 32) return std::nullopt;
    r.csrf = std::move(*secret);
  }
  r.data = d->get_object();
  return r;
}

}  // namespace strata::auth::detail

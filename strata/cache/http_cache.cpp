// http_cache: pre_handler answers from the stored copy (or 304); on_send adds validators and
// Cache-Control to fresh GET responses, stores what may be shared, and answers conditionals.
// Bodies are stored before compression (which runs after on_send), so one copy serves every
// Accept-Encoding and compression negotiates per request as usual.
#include <strata/cache/detail/cache_control.hpp>
#include <strata/cache/detail/stored_response.hpp>
#include <strata/cache/http_cache.hpp>
#include <strata/cache/memory_store.hpp>

#include <strata/http/detail/static_logic.hpp>
#include <strata/http/detail/vary.hpp>

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace strata::cache {

namespace {

using namespace std::chrono;
using http::request;
using http::response;

struct compiled_rule {
  http_cache_rule rule;
  std::string cache_control;  // what is sent when the handler set none
};

compiled_rule compile(http_cache_rule rule) {
  compiled_rule c;
  c.cache_control = rule.cache_control.empty() ? http::detail::cache_control(rule.ttl, false) : rule.cache_control;
  c.rule = std::move(rule);
  return c;
}

struct policy {
  http_cache_options options;
  std::shared_ptr<store> backend;
  compiled_rule fallback;
  std::unordered_map<std::string, compiled_rule> by_route;

  const compiled_rule& rule_for(const request& req) const {
    if (!by_route.empty())
      if (auto it = by_route.find(std::string(req.route_pattern())); it != by_route.end()) return it->second;
    return fallback;
  }
};

// What pre_handler learned, for on_send.
struct note {
  std::string key;  // empty: no server-side copy for this request
  const compiled_rule* rule = nullptr;
  bool hit = false;
};
constexpr std::string_view note_key = "strata.cache.http";

std::string path_tag(const request& req) { return "http-path " + std::string(req.raw_path()); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string make_key(const request& req, const http_cache_rule& rule) {
  std::string key = rule.key ? rule.key(req) : default_http_key(req);
  if (key.empty()) return key;
  key.insert(0, "http ");
  for (const auto& name : rule.vary) {
    key += '\n';
    key += lower(name);
    key += ':';
    key += req.header(name).value_or("");
  }
  return key;
}

// Only representation and caching fields are stored: hooks that add per-request fields (request
// ids, CORS answers for one Origin, cookies) run again for every answer served from the store,
// and a copy of theirs would hand one client's fields to the next.
bool kept_in_store(std::string_view name, const http_cache_options& o) {
  static constexpr std::string_view kept[] = {"Content-Type",  "Content-Language", "Content-Encoding",
                                              "Content-Disposition", "Content-Location", "Location",
                                              "ETag",          "Last-Modified",    "Cache-Control",
                                              "Expires",       "Vary",             "Link"};
  for (auto k : kept)
    if (http::iequals(name, k)) return true;
  for (const auto& k : o.stored_headers)
    if (http::iequals(name, k)) return true;
  return false;
}

std::chrono::sys_seconds last_modified_of(const response& res) {
  if (auto lm = res.header("Last-Modified"))
    if (auto t = http::detail::parse_http_date(*lm)) return *t;
  return std::chrono::sys_seconds::max();  // no date: If-Modified-Since never matches
}

bool not_modified(const request& req, const response& res) {
  http::detail::validators v{std::string(res.header("ETag").value_or("")), last_modified_of(res)};
  if (v.etag.empty() && v.last_modified == std::chrono::sys_seconds::max()) return false;
  return http::detail::is_not_modified(req.header("If-None-Match"), req.header("If-Modified-Since"), v);
}

// RFC 9110 15.4.5: a 304 carries the validators and caching fields, no content.
void make_not_modified(response& res) {
  res.status(304);
  res.remove("Content-Type");
  res.remove("Content-Length");
  res.body().clear();
}

// How long the response may be kept server-side; nullopt when it must not be.
std::optional<milliseconds> storable(const response& res, const http_cache_rule& rule, const http_cache_options& o) {
  if (res.body().size() > o.max_entry_bytes) return std::nullopt;
  std::optional<std::chrono::seconds> ttl;
  for (const auto& [name, value] : res.headers()) {
    if (http::iequals(name, "Set-Cookie")) return std::nullopt;
    if (http::iequals(name, "Vary")) {
      // The key holds the rule's headers only; a variant chosen by another one cannot be shared.
      std::string_view list = value;
      while (!list.empty()) {
        auto comma = list.find(',');
        auto field = http::detail::trim_ows(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        if (field.empty()) continue;
        if (field == "*") return std::nullopt;
        if (std::none_of(rule.vary.begin(), rule.vary.end(), [&](const std::string& v) { return http::iequals(v, field); }))
          return std::nullopt;
      }
    }
    if (http::iequals(name, "Cache-Control")) {
      auto d = detail::parse_cache_control(value);
      if (d.no_store || d.private_ || d.no_cache) return std::nullopt;
      if (d.s_maxage) ttl = d.s_maxage;
      else if (d.max_age && !ttl) ttl = d.max_age;
    }
  }
  auto t = ttl.value_or(rule.ttl);
  if (t.count() <= 0) return std::nullopt;
  return duration_cast<milliseconds>(t);
}

std::int64_t unix_now() { return duration_cast<seconds>(system_clock::now().time_since_epoch()).count(); }

void serve_stored(const request& req, response& res, detail::stored_response& stored, const http_cache_options& o) {
  res.status(stored.status);
  for (auto& [name, value] : stored.headers) {
    if (http::iequals(name, "Vary") || http::iequals(name, "Link")) res.append(name, value);
    else res.set(name, value);
  }
  res.set("Age", std::to_string(std::max<std::int64_t>(0, unix_now() - stored.stored_at)));
  if (!o.status_header.empty()) res.set(o.status_header, "HIT");
  if (not_modified(req, res)) {
    make_not_modified(res);
    res.send(std::string_view());
    return;
  }
  res.send(std::move(stored.body));
}

// The store is an optimisation: when it fails (Redis unreachable) a request is answered as if
// nothing were stored, and a failed write or invalidation is dropped (the copy then ages out by
// its ttl) rather than turning a good response into a 500 or 503.
task<std::optional<found>> get_or_miss(store& backend, std::string key) {
  try {
    co_return co_await backend.get(std::move(key));
  } catch (const std::exception&) {
    co_return std::nullopt;
  }
}

task<void> ignoring_errors(task<bool> write) {
  try {
    co_await std::move(write);
  } catch (const std::exception&) {
  }
}

task<void> ignoring_errors(task<std::size_t> write) {
  try {
    co_await std::move(write);
  } catch (const std::exception&) {
  }
}

task<void> lookup(std::shared_ptr<const policy> p, request& req, response& res) {
  auto m = req.method();
  if (m != http::method::get && m != http::method::head) co_return;
  if (!p->options.cache_authorized && req.header("Authorization")) co_return;
  note n;
  n.rule = &p->rule_for(req);
  if (n.rule->rule.store) n.key = make_key(req, n.rule->rule);
  if (!n.key.empty()) {
    if (auto hit = co_await get_or_miss(*p->backend, n.key)) {
      if (auto stored = detail::decode(hit->value)) {
        serve_stored(req, res, *stored, p->options);
        n.hit = true;
      }
    }
  }
  req.set(note_key, std::move(n));
}

task<void> finish(std::shared_ptr<const policy> p, request& req, response& res) {
  const auto m = req.method();
  if (m == http::method::post || m == http::method::put || m == http::method::patch || m == http::method::delete_) {
    if (p->options.invalidate_on_write && res.status() >= 200 && res.status() < 400)
      co_await ignoring_errors(p->backend->invalidate_tag(path_tag(req)));
    co_return;
  }
  note* n = req.get<note>(note_key);
  if (!n || n->hit || res.file() || res.streaming() || res.status() != 200) co_return;
  const auto& rule = n->rule->rule;
  for (const auto& field : rule.vary) http::detail::add_vary(res, field);
  if (!res.header("Cache-Control")) res.set("Cache-Control", n->rule->cache_control);
  if (p->options.etag && !res.header("ETag")) res.set("ETag", detail::strong_etag(res.body()));
  if (p->options.last_modified && !res.header("Last-Modified"))
    res.set("Last-Modified", http::detail::format_http_date(floor<seconds>(system_clock::now())));

  // HEAD reads GET's copies but does not write them: a HEAD route may answer without a body.
  if (m == http::method::get && !n->key.empty()) {
    if (!p->options.status_header.empty()) res.set(p->options.status_header, "MISS");
    if (auto ttl = storable(res, rule, p->options)) {
      detail::stored_response stored;
      stored.status = res.status();
      stored.stored_at = unix_now();
      for (const auto& [name, value] : res.headers())
        if (kept_in_store(name, p->options)) stored.headers.emplace_back(name, value);
      stored.body = res.body();
      entry_options eo;
      eo.ttl = *ttl;
      eo.tags.push_back(path_tag(req));
      co_await ignoring_errors(p->backend->set(n->key, detail::encode(stored), std::move(eo)));
    }
  }
  if (not_modified(req, res)) make_not_modified(res);
}

}  // namespace

std::string default_http_key(const request& req) {
  std::string key = "GET ";
  key += req.raw_path();
  auto query = req.query_string();
  std::vector<std::string_view> parts;
  while (!query.empty()) {
    auto amp = query.find('&');
    if (auto part = query.substr(0, amp); !part.empty()) parts.push_back(part);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  std::sort(parts.begin(), parts.end());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    key += i == 0 ? '?' : '&';
    key += parts[i];
  }
  return key;
}

http::plugin_fn http_cache(http_cache_options options) {
  auto p = std::make_shared<policy>();
  p->backend = options.store;
  if (!p->backend) {
    memory_options mo;
    mo.max_bytes = options.max_bytes;
    mo.max_entry_bytes = options.max_entry_bytes + 64 * 1024;  // the body plus its headers and key
    p->backend = std::make_shared<memory_store>(mo);
  }
  p->fallback = compile(options.rule);
  for (auto& [pattern, rule] : options.routes) p->by_route.emplace(pattern, compile(rule));
  p->options = std::move(options);
  std::shared_ptr<const policy> shared = p;
  return [shared](http::scope& s) {
    s.pre_handler([shared](request& req, response& res) { return lookup(shared, req, res); });
    s.on_send([shared](request& req, response& res) { return finish(shared, req, res); });
  };
}

}  // namespace strata::cache

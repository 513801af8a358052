// The request logger plugin: on_request binds the child logger and notes the start time;
// on_response writes the line with json_writer directly, no JSON values built.
#include <strata/log/detail/record.hpp>
#include <strata/log/request_logger.hpp>

#include <strata/http/response.hpp>

#include <charconv>
#include <chrono>
#include <memory>
#include <random>

namespace strata::log {

namespace {

// Keys in the request's locals. Short enough for the std::string small buffer: no allocation.
constexpr std::string_view logger_key = "strata.log";
constexpr std::string_view start_key = "strata.log.t0";

using clock = std::chrono::steady_clock;

// 16 hex digits, when no request_id middleware gave the request an id. Seeded once per thread;
// ids must be unique, not secret.
std::string generate_id() {
  thread_local std::mt19937_64 rng = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  static constexpr char digits[] = "0123456789abcdef";
  std::string id(16, '0');
  auto bits = rng();
  for (int i = 0; i < 16; ++i, bits >>= 4) id[i] = digits[bits & 0xf];
  return id;
}

std::string lowercase(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

level level_for(int status) {
  if (status >= 500) return level::error;
  if (status >= 400) return level::warn;
  return level::info;
}

bool status_has_body(int status) { return status >= 200 && status != 204 && status != 304; }

struct plugin_state {
  request_logger_options options;
};

void write_request(detail::json_writer& w, const detail::path_cursor& top, std::string_view censor,
                   const http::request& req, const plugin_state& p) {
  using detail::member;
  using detail::path_cursor;
  member(w, top, "req", censor, [&](const path_cursor& at) {
    w.begin_object();
    member(w, at, "id", censor, [&](auto&) { w.string(req.id()); });
    member(w, at, "method", censor, [&](auto&) { w.string(req.method_text()); });
    member(w, at, "url", censor, [&](auto&) { w.string(req.target()); });
    member(w, at, "headers", censor, [&](const path_cursor& h) {
      w.begin_object();
      for (const auto& name : p.options.request_headers)
        if (auto v = req.header(name)) member(w, h, name, censor, [&](auto&) { w.string(*v); });
      w.end_object();
    });
    member(w, at, "remoteAddress", censor, [&](auto&) { w.string(req.ip()); });
    w.end_object();
  });
}

void write_response(detail::json_writer& w, const detail::path_cursor& top, std::string_view censor,
                    const http::response& res, const plugin_state& p) {
  using detail::member;
  using detail::path_cursor;
  member(w, top, "res", censor, [&](const path_cursor& at) {
    w.begin_object();
    member(w, at, "statusCode", censor, [&](auto&) { w.number(res.status()); });
    member(w, at, "headers", censor, [&](const path_cursor& h) {
      w.begin_object();
      for (const auto& name : p.options.response_headers) {
        if (auto v = res.header(name)) {
          member(w, h, name, censor, [&](auto&) { w.string(*v); });
        } else if (name == "content-length" && status_has_body(res.status()) && !res.streaming()) {
          // The connection adds Content-Length when it writes the head; what it sends is this.
          auto length = res.file() ? res.file()->length : res.body().size();
          char digits[24];
          auto r = std::to_chars(digits, digits + sizeof digits, length);
          member(w, h, name, censor, [&](auto&) { w.string(std::string_view(digits, r.ptr - digits)); });
        }
      }
      w.end_object();
    });
    w.end_object();
  });
}

}  // namespace

http::plugin_fn request_logger(request_logger_options options) {
  for (auto& h : options.request_headers) h = lowercase(std::move(h));
  for (auto& h : options.response_headers) h = lowercase(std::move(h));
  auto state = std::make_shared<const plugin_state>(plugin_state{std::move(options)});

  return [state](http::scope& s) {
    s.on_request([state](http::request& req, http::response&) {
      req.set(start_key, clock::now());
      if (req.id().empty()) req.set_id(generate_id());
      req.set(logger_key, state->options.parent.child(state->options.id_key, req.id()));
    });

    s.on_response([state](http::request& req, http::response& res) {
      const auto& o = state->options;
      // An earlier on_request hook that answered (a CORS preflight) skips ours: bind now.
      auto* lg = req.get<logger>(logger_key);
      if (!lg) {
        if (req.id().empty()) req.set_id(generate_id());
        req.set(logger_key, o.parent.child(o.id_key, req.id()));
        lg = req.get<logger>(logger_key);
      }
      const int status = res.status();
      const level l = level_for(status);
      if (!lg->enabled(l) || (o.ignore && o.ignore(req))) return;

      detail::record r(lg->state(), l);
      auto& w = r.writer();
      const auto& top = r.top();
      const auto censor = r.censor();
      write_request(w, top, censor, req, *state);
      write_response(w, top, censor, res, *state);
      if (status >= 500 && req.error()) r.error(req.error());
      if (const auto* start = req.get<clock::time_point>(start_key)) {
        double ms = std::chrono::duration<double, std::milli>(clock::now() - *start).count();
        detail::member(w, top, "responseTime", censor, [&](auto&) { w.fixed(ms, 3); });
      }
      if (auto route = req.route_pattern(); !route.empty())
        detail::member(w, top, "route", censor, [&](auto&) { w.string(route); });
      r.commit(status >= 500 ? o.error_message : o.message);
    });
  };
}

logger& of(http::request& req) {
  if (auto* lg = req.get<logger>(logger_key)) return *lg;
  return root();
}

}  // namespace strata::log

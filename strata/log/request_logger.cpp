// The request logger plugin: on_request binds the child logger and notes the start time;
// on_response writes the line with json_writer directly, no JSON values built.
#include <strata/log/detail/raw_writer.hpp>
#include <strata/log/detail/record.hpp>
#include <strata/log/request_logger.hpp>

#include <strata/http/request_slot.hpp>
#include <strata/http/response.hpp>

#include <charconv>
#include <chrono>
#include <algorithm>
#include <memory>
#include <optional>
#include <random>

namespace strata::log {

namespace {

// The request's child logger, in the request's locals: made only when a handler asks (of()).
// Short enough for the std::string small buffer: no allocation.
constexpr std::string_view logger_key = "strata.log";

// 16 hex digits, when no request_id middleware gave the request an id. Ids must be unique, not
// secret: a per-thread random start, then a counter through the splitmix64 finalizer (a bijection,
// so a thread never repeats an id) -- a few nanoseconds instead of a Mersenne twister step.
struct request_id_text {
  char digits[16];
  operator std::string_view() const { return {digits, sizeof digits}; }
};

request_id_text generate_id() {
  thread_local std::uint64_t next = [] {
    std::random_device device;
    return (std::uint64_t{device()} << 32) ^ device();
  }();
  std::uint64_t z = (next += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  z ^= z >> 31;
  static constexpr char digits[] = "0123456789abcdef";
  request_id_text id;  // 16 characters: one more than std::string keeps without allocating
  for (int i = 0; i < 16; ++i, z >>= 4) id.digits[i] = digits[z & 0xf];
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

// The options of the request logger that saw the request, for of(): one slot for the process
// (the last request_logger installed on a server is the one of() follows).
http::request_slot<const request_logger_options>& options_slot() {
  static http::request_slot<const request_logger_options> slot;
  return slot;
}

struct plugin_state {
  request_logger_options options;
  // Each header's key as JSON with its colon ("host":), for the fast path.
  std::vector<std::string> request_header_keys, response_header_keys;
  std::string id_key_json;
  // The end of the line, message included, for record::commit_with.
  std::string message_tail, error_message_tail;
};

std::string json_key(std::string_view name) {
  std::string k;
  detail::append_json_string(k, name);
  k += ':';
  return k;
}

// The length the connection will send as Content-Length, when the response has one.
std::optional<std::uint64_t> implied_content_length(const http::response& res) {
  if (!status_has_body(res.status()) || res.streaming()) return std::nullopt;
  return res.file() ? res.file()->length : res.body().size();
}

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
        } else if (auto length = name == "content-length" ? implied_content_length(res) : std::nullopt) {
          // The connection adds Content-Length when it writes the head; what it sends is this.
          char digits[24];
          auto r = std::to_chars(digits, digits + sizeof digits, *length);
          member(w, h, name, censor, [&](auto&) { w.string(std::string_view(digits, r.ptr - digits)); });
        }
      }
      w.end_object();
    });
    w.end_object();
  });
}

// The members of the request line when no redact path is configured: the same text as
// write_request + write_response + responseTime + route, written through one raw_writer.
void write_fast(std::string& out, const http::request& req, const http::response& res, const plugin_state& p,
                bool with_id, const std::chrono::nanoseconds* elapsed, std::string_view route) {
  using detail::max_json_string_size;
  const auto& o = p.options;
  // Left uninitialized (only the first nreq/nres entries are used): zeroing them cost a
  // `rep stos` per request.
  struct view {
    const char* data;
    std::size_t size;
    operator std::string_view() const { return {data, size}; }
  };
  view req_values[8];
  std::size_t bound = 256 + p.id_key_json.size() + 2 * max_json_string_size(req.id().size()) +
                      max_json_string_size(req.method_text().size()) + max_json_string_size(req.target().size()) +
                      max_json_string_size(req.ip().size()) + max_json_string_size(route.size());
  const std::size_t nreq = std::min<std::size_t>(o.request_headers.size(), 8);
  for (std::size_t i = 0; i < nreq; ++i) {
    auto v = req.header(o.request_headers[i]);
    req_values[i] = v ? view{v->data(), v->size()} : view{nullptr, 0};
    if (v) bound += p.request_header_keys[i].size() + 1 + max_json_string_size(v->size());
  }
  view res_values[8];
  bool res_present[8];
  char length_digits[24];
  const std::size_t nres = std::min<std::size_t>(o.response_headers.size(), 8);
  for (std::size_t i = 0; i < nres; ++i) {
    res_present[i] = false;
    if (auto v = res.header(o.response_headers[i])) {
      res_values[i] = view{v->data(), v->size()};
      res_present[i] = true;
    } else if (auto length = o.response_headers[i] == "content-length" ? implied_content_length(res) : std::nullopt) {
      auto r = std::to_chars(length_digits, length_digits + sizeof length_digits, *length);
      res_values[i] = view{length_digits, static_cast<std::size_t>(r.ptr - length_digits)};
      res_present[i] = true;
    }
    if (res_present[i]) bound += p.response_header_keys[i].size() + 1 + max_json_string_size(res_values[i].size);
  }

  detail::raw_writer w(out, bound);
  if (with_id) {
    w.literal(",");
    w.raw(p.id_key_json);
    w.string(req.id());
  }
  w.literal(",\"req\":{\"id\":");
  w.string(req.id());
  w.literal(",\"method\":");
  w.string(req.method_text());
  w.literal(",\"url\":");
  w.string(req.target());
  w.literal(",\"headers\":{");
  bool first = true;
  for (std::size_t i = 0; i < nreq; ++i) {
    if (!req_values[i].data) continue;  // absent (a present empty value still has a data pointer)
    if (!first) w.literal(",");
    first = false;
    w.raw(p.request_header_keys[i]);
    w.string(req_values[i]);
  }
  w.literal("},\"remoteAddress\":");
  w.string(req.ip());
  w.literal("},\"res\":{\"statusCode\":");
  w.number(res.status());
  w.literal(",\"headers\":{");
  first = true;
  for (std::size_t i = 0; i < nres; ++i) {
    if (!res_present[i]) continue;
    if (!first) w.literal(",");
    first = false;
    w.raw(p.response_header_keys[i]);
    w.string(res_values[i]);
  }
  w.literal("}}");
  if (elapsed) {
    w.literal(",\"responseTime\":");
    w.millis(*elapsed);
  }
  if (!route.empty()) {
    w.literal(",\"route\":");
    w.string(route);
  }
}

}  // namespace

http::plugin_fn request_logger(request_logger_options options) {
  for (auto& h : options.request_headers) h = lowercase(std::move(h));
  for (auto& h : options.response_headers) h = lowercase(std::move(h));
  auto built = std::make_shared<plugin_state>();
  for (const auto& h : options.request_headers) built->request_header_keys.push_back(json_key(h));
  for (const auto& h : options.response_headers) built->response_header_keys.push_back(json_key(h));
  built->id_key_json = json_key(options.id_key);
  built->message_tail = detail::message_tail(options.message);
  built->error_message_tail = detail::message_tail(options.error_message);
  built->options = std::move(options);
  std::shared_ptr<const plugin_state> state = std::move(built);

  return [state](http::scope& s) {
    // The request's child logger is made only when a handler asks for it (log::of): most
    // requests log just this line, which writes the binding itself.
    s.on_request([state](http::request& req, http::response&) {
      req.started_at();
      options_slot().set(req, &state->options);
      if (req.id().empty()) req.set_id(generate_id());
    });

    s.on_response([state](http::request& req, http::response& res) {
      const auto& o = state->options;
      if (req.id().empty()) req.set_id(generate_id());  // an earlier hook answered before ours ran
      const int status = res.status();
      const level l = level_for(status);
      // A logger a handler bound (log::of, or a plugin's own child) carries its bindings; else
      // the parent's, plus the request id.
      const auto* bound = req.get<logger>(logger_key);
      const logger& lg = bound ? *bound : o.parent;
      if (!lg.enabled(l) || (o.ignore && o.ignore(req))) return;

      // The line's time and its responseTime come from one clock reading, shared with metrics.
      std::optional<std::chrono::nanoseconds> elapsed;
      if (auto e = req.elapsed()) elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(*e);
      detail::record r(lg.state(), l, detail::epoch_ms_at(req.finished_at()));
      auto& w = r.writer();
      const auto& top = r.top();
      const auto censor = r.censor();
      const auto route = req.route_pattern();
      const bool with_error = status >= 500 && req.error();
      if (top.idle() && !with_error && o.request_headers.size() <= 8 && o.response_headers.size() <= 8) {
        // Nothing to redact: the fixed members in one pass (the common case, and the hot path).
        write_fast(w.out(), req, res, *state, !bound, elapsed ? &*elapsed : nullptr, route);
      } else {
        if (!bound) detail::member(w, top, o.id_key, censor, [&](auto&) { w.string(req.id()); });
        write_request(w, top, censor, req, *state);
        write_response(w, top, censor, res, *state);
        if (with_error) r.error(req.error());
        if (elapsed) {
          char millis[detail::max_millis_size];
          const char* end = detail::write_millis(millis, *elapsed);
          detail::member(w, top, "responseTime", censor, [&](auto&) { w.raw(std::string_view(millis, end - millis)); });
        }
        if (!route.empty()) detail::member(w, top, "route", censor, [&](auto&) { w.string(route); });
      }
      r.commit_with(status >= 500 ? state->error_message_tail : state->message_tail);
    });
  };
}

logger& of(http::request& req) {
  if (auto* lg = req.get<logger>(logger_key)) return *lg;
  if (const auto* o = options_slot().get(req)) {
    if (req.id().empty()) req.set_id(generate_id());
    req.set(logger_key, o->parent.child(o->id_key, req.id()));
    return *req.get<logger>(logger_key);
  }
  return root();
}

}  // namespace strata::log

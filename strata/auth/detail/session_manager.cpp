#include <strata/auth/detail/base64.hpp>
#include <strata/auth/detail/session_crypto.hpp>
#include <strata/auth/detail/session_manager.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace strata::auth::detail {
namespace {

std::int64_t system_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t ms(std::chrono::seconds s) { return std::chrono::duration_cast<std::chrono::milliseconds>(s).count(); }

}  // namespace

// The variables config::load reads for the environment's name, in its order.
bool secure_cookies_by_default() {
  const char* env = std::getenv("STRATA_ENV");
  if (!env || !*env) env = std::getenv("NODE_ENV");
  const std::string_view e = env ? env : "";
  return e != "development" && e != "test";
}

session_manager::session_manager(session_options options)
    : options_(std::move(options)), sealer_(options_.secrets, options_.encrypt && !options_.store) {
  if (!options_.clock) options_.clock = system_ms;
  if (options_.idle_timeout.count() <= 0 || options_.absolute_timeout.count() <= 0)
    throw std::invalid_argument("auth::session: idle_timeout and absolute_timeout must be positive");
  if (options_.touch_after >= options_.idle_timeout)
    throw std::invalid_argument("auth::session: touch_after must be shorter than idle_timeout");
  if (options_.cookie_name.empty()) throw std::invalid_argument("auth::session: cookie_name is empty");
  secure_ = options_.secure.value_or(secure_cookies_by_default());
}

std::string session_manager::new_id() { return base64url_encode(random_bytes(32)); }

std::string session_manager::store_key(std::string_view id) { return base64url_encode(sha256(id)); }

bool session_manager::expired(const session_record& r, std::int64_t now) const {
  return now - r.touched_ms >= ms(options_.idle_timeout) || now - r.created_ms >= ms(options_.absolute_timeout);
}

http::cookie_options session_manager::cookie_options(std::optional<std::chrono::seconds> max_age) const {
  http::cookie_options c;
  c.path = options_.path;
  c.domain = options_.domain;
  c.max_age = max_age;
  c.http_only = true;
  c.secure = secure_;
  c.same_site = options_.same_site;
  return c;
}

task<std::shared_ptr<session_state>> session_manager::load(http::request& req) const {
  auto s = std::make_shared<session_state>(*this);
  auto raw = req.cookie(options_.cookie_name);
  if (!raw) co_return s;
  auto& a = *s;
  using access = session_state::access;
  access::state(a).had_cookie = true;
  auto opened = sealer_.open(options_.cookie_name, *raw);
  if (!opened) co_return s;
  const auto now = options_.clock();
  if (!server_side()) {
    auto rec = decode_session(*opened, options_.max_cookie_bytes);
    if (!rec || expired(*rec, now)) co_return s;
    access::loaded(a, std::move(*rec), {}, {});
    co_return s;
  }
  if (opened->size() != 43) co_return s;  // not one of our ids
  const std::string key = store_key(*opened);
  auto stored = co_await options_.store->load(key);
  if (!stored) co_return s;
  auto rec = decode_session(stored->data);
  if (!rec || rec->id != *opened) co_return s;
  if (expired(*rec, now)) {
    co_await options_.store->destroy(key, stored->user_id);
    co_return s;
  }
  access::loaded(a, std::move(*rec), key, std::move(stored->user_id));
  co_return s;
}

task<void> session_manager::commit(http::request& req, http::response& res, session_state& s) const {
  using access = session_state::access;
  auto& st = access::state(s);
  auto& rec = access::record(s);
  const bool server = server_side();
  if (server && !st.old_key.empty()) co_await options_.store->destroy(st.old_key, st.old_user);

  const auto now = options_.clock();
  const bool refresh = !st.is_new && options_.rolling && now - rec.touched_ms >= ms(options_.touch_after);
  const bool save = !st.destroyed && (st.changed || st.touched || refresh);
  const auto left_ms = std::min(ms(options_.idle_timeout), rec.created_ms + ms(options_.absolute_timeout) - now);
  if (!save || left_ms <= 0) {
    // Ended, or never begun: whatever the client holds must go.
    if (server && !st.loaded_key.empty() && (st.destroyed || left_ms <= 0))
      co_await options_.store->destroy(st.loaded_key, st.loaded_user);
    if (st.had_cookie && (st.destroyed || st.is_new || left_ms <= 0))
      res.clear_cookie(options_.cookie_name, cookie_options(std::nullopt));
    co_return;
  }

  rec.touched_ms = now;
  if (rec.id.empty()) rec.id = new_id();
  const auto left_s = std::chrono::seconds((left_ms + 999) / 1000);
  std::string value;
  if (server) {
    stored_session stored;
    stored.data = encode_session(rec);
    stored.user_id = rec.who ? rec.who->id : std::string();
    stored.expires_ms = now + left_ms;
    const auto ttl = std::chrono::milliseconds(left_ms);
    if (st.is_new) {
      co_await options_.store->save(store_key(rec.id), std::move(stored), ttl);
    } else if (!co_await options_.store->update(st.loaded_key, std::move(stored), ttl)) {
      // Ended while this request ran (a logout elsewhere): it stays ended.
      res.clear_cookie(options_.cookie_name, cookie_options(std::nullopt));
      co_return;
    }
    value = sealer_.seal(options_.cookie_name, rec.id);
  } else {
    const std::string text = encode_session(rec);
    const std::size_t size = options_.cookie_name.size() + 1 + sealer_.sealed_size(text.size());
    if (size > options_.max_cookie_bytes) {
      std::fprintf(stderr, "strata: %.*s %.*s: the cookie-only session is %zu bytes, over max_cookie_bytes (%zu)\n",
                   int(req.method_text().size()), req.method_text().data(), int(req.target().size()),
                   req.target().data(), size, options_.max_cookie_bytes);
      throw std::length_error("auth::session: the session is too large for a cookie; keep less in it or use a store");
    }
    value = sealer_.seal(options_.cookie_name, text);
  }
  res.cookie(options_.cookie_name, value, cookie_options(options_.persistent ? std::optional(left_s) : std::nullopt));
}

}  // namespace strata::auth::detail

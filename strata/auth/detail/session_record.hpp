// session_record: what a session holds, and its JSON text, the one form both a sealed cookie and
// a server-side store keep. Decoding is strict and bounded: the text may come from a client
// (cookie-only sessions) or from a store another version wrote.
#pragma once
#include <strata/auth/principal.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strata::auth::detail {

struct session_record {
  std::string id;                // cookie-only sessions: an id for logs and id(); server-side: the cookie's id
  std::int64_t created_ms = 0;   // unix ms; the absolute timeout counts from here
  std::int64_t touched_ms = 0;   // unix ms of the last saved activity; the idle timeout counts from here
  std::optional<principal> who;  // set by auth::login
  std::string csrf;              // the CSRF secret (32 bytes), empty until a token is asked for
  boost::json::object data;      // the application's values
};

// Where a request's session stands; on_send decides from it what to write.
struct session_flags {
  bool is_new = true;       // no valid cookie came (or it was regenerated): nothing stored yet under its id
  bool changed = false;     // values, login or CSRF secret changed
  bool destroyed = false;
  bool touched = false;     // save even unchanged
  bool had_cookie = false;  // the request carried our cookie, valid or not
  std::string loaded_key, loaded_user;  // the store key (and user) it was loaded under
  std::string old_key, old_user;        // before regenerate(): deleted at the end
};

std::string encode_session(const session_record& r);
// nullopt for anything but the exact shape encode_session writes (version 1), or a text longer
// than max_size.
std::optional<session_record> decode_session(std::string_view text, std::size_t max_size = 1 << 20);

boost::json::object principal_to_json(const principal& p);
std::optional<principal> principal_from_json(const boost::json::value& v);

}  // namespace strata::auth::detail

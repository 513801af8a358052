// credentials: the built-in strategies that read a secret from the request and hand it to the
// application's verify function (Passport's verify callback): API keys, HTTP Basic, and local
// username/password from a JSON or form body.
#pragma once
#include <strata/auth/strategy.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace strata::auth {

// The application's answer: the principal, or nullopt when the credentials are wrong.
using verify_key_fn = std::function<task<std::optional<principal>>(std::string key)>;
using verify_password_fn = std::function<task<std::optional<principal>>(std::string username, std::string password)>;

struct api_key_options {
  std::string name = "api_key";
  std::string header = "X-API-Key";  // "" to not read a header
  std::string query;                 // a query parameter to read too ("" for none); header wins
  verify_key_fn verify;
};
std::shared_ptr<strategy> api_key(api_key_options options);

struct basic_options {
  std::string name = "basic";
  std::string realm = "api";
  verify_password_fn verify;
};
// RFC 7617; the challenge is `Basic realm="...", charset="UTF-8"`.
std::shared_ptr<strategy> basic(basic_options options);

struct local_options {
  std::string name = "local";
  std::string username_field = "username";
  std::string password_field = "password";
  // Where the fields sit in a JSON body, as a JSON pointer ("/user" for {"user": {...}}).
  std::string json_pointer;
  verify_password_fn verify;
};
// Reads an application/json or application/x-www-form-urlencoded body. Missing fields pass (the
// route's schema reports them); wrong credentials fail with "Invalid username or password.".
std::shared_ptr<strategy> local(local_options options);

}  // namespace strata::auth

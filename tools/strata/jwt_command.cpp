// `strata jwt`: make keys, sign and verify tokens from the shell.
//   strata jwt keygen --alg ALG [--jwk] [--kid K]      a new key: PEM (private, then public), a JWK,
//                                                       or for HS* a base64url secret
//   strata jwt public --key FILE [--jwk]               the public part of a key
//   strata jwt sign --key FILE --claims JSON [--alg ALG] [--kid K] [--exp 1h]
//   strata jwt verify --key FILE [--alg ALG]... [--iss ISS]... [--aud AUD]... [--sub SUB]
//                     [--leeway SECONDS] [--typ TYP] TOKEN|-
// Key files hold PEM, a JWK, a JWKS (verify: chosen by kid) or a base64url HMAC secret.
// verify prints {"header":...,"claims":...} and exits 0, or exits 1 with the reason on stderr;
// usage errors and unusable keys exit 2.
#include "commands.hpp"

#include <strata/auth/jwks.hpp>
#include <strata/auth/jwt.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>

namespace strata::cli {

namespace {

namespace jwt = strata::auth::jwt;

constexpr const char* usage_text =
    "usage: strata jwt keygen --alg ALG [--jwk] [--kid K]\n"
    "       strata jwt public --key FILE [--jwk]\n"
    "       strata jwt sign --key FILE --claims JSON|@FILE [--alg ALG] [--kid K] [--exp 1h]\n"
    "       strata jwt verify --key FILE [--alg ALG]... [--iss ISS]... [--aud AUD]... [--sub SUB]\n"
    "                         [--leeway SECONDS] [--typ TYP] TOKEN|-\n"
    "ALG: HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA\n"
    "key files: PEM, a JWK, a JWKS, or a base64url HMAC secret\n";

// A usage error or an unusable input (a file, a key: no usage text for those): exit 2.
struct usage_error {
  std::string message;
  bool show_usage = true;
};

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw usage_error{"cannot read '" + path + "'", false};
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

jwt::algorithm algorithm_named(const std::string& name) {
  if (auto a = jwt::parse_algorithm(name)) return *a;
  throw usage_error{"unknown algorithm '" + name + "'"};
}

// What a key file holds: one key, or a set (a JWKS).
struct key_file {
  std::optional<jwt::key> one;
  jwt::key_set set;
};

key_file read_keys(const std::string& path) {
  const std::string text = trim(read_file(path));
  try {
    if (text.starts_with("{")) {
      boost::system::error_code ec;
      const auto v = boost::json::parse(text, ec);
      if (ec || !v.is_object()) throw usage_error{"'" + path + "' is not JSON: " + ec.message(), false};
      if (v.get_object().contains("keys")) {
        key_file f{std::nullopt, jwt::key_set::from_jwks(v.get_object())};
        for (const auto& s : f.set.skipped())
          std::fprintf(stderr, "strata: key '%s' in '%s' left out: %s\n", s.kid.c_str(), path.c_str(),
                       s.reason.c_str());
        if (f.set.empty()) throw usage_error{"no usable key in '" + path + "'", false};
        return f;
      }
      return {jwt::key::from_jwk(v.get_object()), {}};
    }
    if (text.find("-----BEGIN ") != std::string::npos) return {jwt::key::from_pem(text), {}};
    // What `keygen --alg HS*` writes without --jwk: the secret, base64url.
    boost::json::object jwk{{"kty", "oct"}, {"k", text}};
    return {jwt::key::from_jwk(jwk), {}};
  } catch (const jwt::key_error& e) {
    throw usage_error{"unusable key in '" + path + "': " + e.what(), false};
  }
}

// "90", "90s", "15m", "1h", "7d" as seconds.
std::chrono::seconds duration_of(const std::string& text) {
  std::size_t used = 0;
  long long n = -1;
  try {
    n = std::stoll(text, &used);
  } catch (...) {
  }
  const std::string unit = text.substr(used);
  const long long scale = unit.empty() || unit == "s" ? 1
                          : unit == "m"               ? 60
                          : unit == "h"               ? 3600
                          : unit == "d"               ? 86400
                                                      : 0;
  if (n <= 0 || scale == 0) throw usage_error{"'" + text + "' is not a duration (90, 90s, 15m, 1h, 7d)"};
  return std::chrono::seconds(n * scale);
}

// Options: `--name value` pairs (repeatable) and positional words.
struct arguments {
  std::vector<std::pair<std::string, std::string>> named;
  std::vector<std::string> flags, positional;

  arguments(const std::vector<std::string>& args, std::initializer_list<const char*> flag_names) {
    for (std::size_t i = 1; i < args.size(); ++i) {
      const std::string& a = args[i];
      if (!a.starts_with("--")) {
        positional.push_back(a);
      } else if (std::find_if(flag_names.begin(), flag_names.end(), [&](const char* f) { return a == f; }) !=
                 flag_names.end()) {
        flags.push_back(a);
      } else {
        if (i + 1 >= args.size()) throw usage_error{a + " needs a value"};
        named.emplace_back(a, args[++i]);
      }
    }
  }
  std::vector<std::string> all(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : named)
      if (k == name) out.push_back(v);
    return out;
  }
  std::optional<std::string> one(const std::string& name) const {
    auto v = all(name);
    if (v.size() > 1) throw usage_error{name + " given twice"};
    return v.empty() ? std::nullopt : std::optional(v[0]);
  }
  bool flag(const std::string& name) const { return std::find(flags.begin(), flags.end(), name) != flags.end(); }
  void allow(std::initializer_list<const char*> names) const {
    for (const auto& [k, v] : named)
      if (std::find_if(names.begin(), names.end(), [&](const char* n) { return k == n; }) == names.end())
        throw usage_error{"unknown option " + k};
  }
};

int keygen(const arguments& a) {
  a.allow({"--alg", "--kid"});
  if (!a.positional.empty()) throw usage_error{"unexpected '" + a.positional[0] + "'"};
  const auto alg_name = a.one("--alg");
  if (!alg_name) throw usage_error{"keygen needs --alg"};
  jwt::key k = jwt::key::generate(algorithm_named(*alg_name));
  if (auto kid = a.one("--kid")) {
    if (!a.flag("--jwk")) throw usage_error{"--kid needs --jwk: PEM and raw secrets have no place for a key id"};
    k.set_kid(*kid);
  }
  if (a.flag("--jwk")) {
    std::printf("%s\n", boost::json::serialize(k.to_jwk(true)).c_str());
  } else if (k.type() == jwt::key_type::oct) {
    std::printf("%s\n", std::string(k.to_jwk(true).at("k").as_string()).c_str());
  } else {
    std::printf("%s%s", k.to_pem(true).c_str(), k.to_pem(false).c_str());
  }
  return 0;
}

int public_part(const arguments& a) {
  a.allow({"--key"});
  const auto path = a.one("--key");
  if (!path) throw usage_error{"public needs --key FILE"};
  auto f = read_keys(*path);
  if (!f.one) {
    std::printf("%s\n", boost::json::serialize(f.set.to_jwks(false)).c_str());
    return 0;
  }
  if (f.one->type() == jwt::key_type::oct) throw usage_error{"an HMAC secret has no public part", false};
  if (a.flag("--jwk")) std::printf("%s\n", boost::json::serialize(f.one->to_jwk(false)).c_str());
  else std::printf("%s", f.one->to_pem(false).c_str());
  return 0;
}

int sign(const arguments& a) {
  a.allow({"--key", "--claims", "--alg", "--kid", "--exp"});
  if (!a.positional.empty()) throw usage_error{"unexpected '" + a.positional[0] + "'"};
  const auto path = a.one("--key");
  const auto claims_text = a.one("--claims");
  if (!path || !claims_text) throw usage_error{"sign needs --key FILE and --claims JSON"};
  const std::string json = claims_text->starts_with("@") ? read_file(claims_text->substr(1)) : *claims_text;
  boost::system::error_code ec;
  const auto claims = boost::json::parse(json, ec);
  if (ec || !claims.is_object()) throw usage_error{"--claims must be a JSON object"};

  auto f = read_keys(*path);
  const auto kid = a.one("--kid");
  jwt::sign_options options;
  if (auto alg = a.one("--alg")) options.alg = algorithm_named(*alg);
  if (auto exp = a.one("--exp")) options.expires_in = duration_of(*exp);
  const jwt::key* signing = f.one ? &*f.one : nullptr;
  if (!signing) {
    for (const auto& k : f.set.keys())
      if (k.is_private() && (!kid || k.kid() == *kid)) {
        if (signing) throw usage_error{"several private keys in '" + *path + "': choose one with --kid"};
        signing = &k;
      }
    if (!signing)
      throw usage_error{"no private key" + (kid ? " with kid '" + *kid + "'" : std::string()) + " in '" + *path + "'"};
  }
  if (kid) options.kid = *kid;
  try {
    std::printf("%s\n", jwt::sign(claims.get_object(), *signing, options).c_str());
  } catch (const jwt::key_error& e) {
    throw usage_error{e.what(), false};
  }
  return 0;
}

int verify(const arguments& a) {
  a.allow({"--key", "--alg", "--iss", "--aud", "--sub", "--leeway", "--typ"});
  const auto path = a.one("--key");
  if (!path) throw usage_error{"verify needs --key FILE"};
  if (a.positional.size() != 1) throw usage_error{"verify needs one TOKEN (or - to read it from stdin)"};
  std::string token = a.positional[0];
  if (token == "-") token = std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  token = trim(token);

  jwt::verify_options options;
  for (const auto& alg : a.all("--alg")) options.algorithms.push_back(algorithm_named(alg));
  options.issuers = a.all("--iss");
  options.audiences = a.all("--aud");
  if (auto sub = a.one("--sub")) options.subject = *sub;
  if (auto typ = a.one("--typ")) options.typ = *typ;
  if (auto leeway = a.one("--leeway")) options.leeway = duration_of(*leeway);

  const auto f = read_keys(*path);
  const auto r = f.one ? jwt::verify(token, *f.one, options) : jwt::verify(token, f.set, options);
  if (!r) {
    std::fprintf(stderr, "strata: token refused (%s): %s\n", std::string(jwt::to_string(r.code)).c_str(),
                 r.message.c_str());
    return 1;
  }
  std::printf("%s\n",
              boost::json::serialize(boost::json::object{{"header", r->header}, {"claims", r->claims}}).c_str());
  return 0;
}

}  // namespace

int jwt_command(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    std::fputs(usage_text, stderr);
    return 2;
  }
  try {
    if (args[0] == "keygen") return keygen(arguments(args, {"--jwk"}));
    if (args[0] == "public") return public_part(arguments(args, {"--jwk"}));
    if (args[0] == "sign") return sign(arguments(args, {}));
    if (args[0] == "verify") return verify(arguments(args, {}));
    throw usage_error{"unknown jwt command '" + args[0] + "'"};
  } catch (const usage_error& e) {
    std::fprintf(stderr, "strata: %s\n%s", e.message.c_str(), e.show_usage ? usage_text : "");
    return 2;
  }
}

}  // namespace strata::cli

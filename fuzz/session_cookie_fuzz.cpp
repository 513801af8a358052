// libFuzzer target for what a client can put in a session cookie (strata/auth/cookie_seal.cpp,
// detail/session_record.cpp, detail/session_csrf.cpp): any bytes, taken as a sealed value, as
// the session text a cookie-only session opens to, or as a CSRF token, are refused or accepted,
// never a crash; and what is accepted survives a round trip.
#include <boost/json/src.hpp>  // Boost.JSON compiled here, instrumented with the rest
#include <cstddef>
#include <cstdint>
#include <strata/auth/cookie_seal.hpp>
#include <strata/auth/detail/session_csrf.hpp>
#include <strata/auth/detail/session_record.hpp>
#include <string>
#include <string_view>

#include "check.hpp"

namespace {

using strata::auth::cookie_sealer;
namespace detail = strata::auth::detail;

const cookie_sealer& signer() {
  static const cookie_sealer s({"0123456789abcdef0123456789abcdef-fuzz", "fedcba9876543210fedcba9876543210-old"});
  return s;
}
const cookie_sealer& encrypter() {
  static const cookie_sealer s({"0123456789abcdef0123456789abcdef-fuzz"}, true);
  return s;
}

void as_sealed_value(std::string_view in) {
  for (const cookie_sealer* s : {&signer(), &encrypter()}) {
    auto v = s->open("sid", in);
    if (!v) continue;
    // Only our own seals open; they open for their name alone, and reseal to the same value.
    CHECK(in.size() <= cookie_sealer::max_sealed_size);
    CHECK(!s->open("sid2", in));
    CHECK(s->open("sid", s->seal("sid", *v)) == v);
  }
}

// Boost.JSON 1.81's parser may read a double's shortest text back one ULP off (it has no
// precise mode before 1.83), so text holding doubles is not a fixed point of encode(decode()).
bool has_double(const boost::json::value& v) {
  if (v.is_double()) return true;
  if (const auto* a = v.if_array())
    for (const auto& x : *a)
      if (has_double(x)) return true;
  if (const auto* o = v.if_object())
    for (const auto& m : *o)
      if (has_double(m.value())) return true;
  return false;
}

void as_session_text(std::string_view in) {
  auto rec = detail::decode_session(in);
  if (!rec) return;
  const std::string text = detail::encode_session(*rec);
  auto again = detail::decode_session(text);
  CHECK(again);
  if (!has_double(boost::json::parse(text))) CHECK(detail::encode_session(*again) == text);
  CHECK(again->id == rec->id && again->created_ms == rec->created_ms && again->touched_ms == rec->touched_ms);
  CHECK(again->csrf == rec->csrf && again->csrf.size() % 32 == 0);
  CHECK(again->who.has_value() == rec->who.has_value());
}

void round_trip(std::string_view in) {
  // Every value seals and opens back, signed and encrypted.
  const auto s = signer().seal("sid", in);
  CHECK(signer().open("sid", s) == in);
  const auto e = encrypter().seal("sid", in);
  CHECK(encrypter().open("sid", e) == in);
  CHECK(s.size() == signer().sealed_size(in.size()) && e.size() == encrypter().sealed_size(in.size()));
}

void as_csrf_token(std::string_view in) {
  auto secret = detail::csrf_unmask(in);
  if (!secret) return;
  CHECK(secret->size() == detail::csrf_secret_size);
  CHECK(detail::csrf_unmask(detail::csrf_mask(*secret)) == secret);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  as_sealed_value(in);
  as_session_text(in);
  as_csrf_token(in);
  if (size <= 1024) round_trip(in);
  return 0;
}

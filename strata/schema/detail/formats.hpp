// The `format` values the validator knows, checked on strings (other types always pass).
#pragma once
#include <cstdint>
#include <string_view>

namespace strata::schema::detail {

enum class format : std::uint8_t {
  unknown,
  date_time,
  date,
  time,
  duration,
  email,
  idn_email,
  hostname,
  idn_hostname,
  ipv4,
  ipv6,
  uri,
  uri_reference,
  iri,
  iri_reference,
  uri_template,
  uuid,
  regex,
  json_pointer,
  relative_json_pointer,
};

format format_of(std::string_view name);
// True when `s` is a valid `f`; unknown formats accept everything.
bool check_format(format f, std::string_view s);

}  // namespace strata::schema::detail

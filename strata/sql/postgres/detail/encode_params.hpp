// Parameters in libpq's form: text for every type (PostgreSQL infers the type from the
// statement, OID 0) except bytea, which goes binary with its OID so no escaping is needed.
#pragma once
#include <cstdint>
#include <span>
#include <strata/sql/value.hpp>
#include <string>
#include <vector>

namespace strata::sql::postgres::detail {

inline constexpr std::uint32_t bytea_oid = 17;

// The arrays PQsendQueryPrepared takes; values point into `storage` or into the params
// themselves, so both must outlive the call.
struct encoded_params {
  std::vector<std::string> storage;
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  std::vector<std::uint32_t> types;  // 0 (inferred) or bytea_oid

  // One character per parameter ('b' bytea, '-' other): statements prepared with different
  // parameter types are different statements.
  std::string type_signature() const;
};

// Throws sql::error (22021) for text holding a NUL byte, which libpq's text format cannot carry
// (it would silently cut the value short).
encoded_params encode_params(std::span<const param> params);

// One value as PostgreSQL's text input expects it (exposed for tests).
std::string encode_text(const param& p);

}  // namespace strata::sql::postgres::detail

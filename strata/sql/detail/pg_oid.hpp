// PostgreSQL type OIDs (pg_type.oid, fixed since forever) that decoding tells apart.
#pragma once
#include <cstdint>
#include <string_view>

namespace strata::sql::detail::pg_oid {

inline constexpr std::uint32_t bool_ = 16, bytea = 17, name = 19, int8 = 20, int2 = 21, int4 = 23, text = 25, oid = 26,
                               json = 114, float4 = 700, float8 = 701, unknown = 705, bpchar = 1042, varchar = 1043,
                               date = 1082, timestamp = 1114, timestamptz = 1184, numeric = 1700, uuid = 2950,
                               jsonb = 3802;
// One-dimensional arrays of the above.
inline constexpr std::uint32_t json_array = 199, bool_array = 1000, int2_array = 1005, int4_array = 1007,
                               text_array = 1009, bpchar_array = 1014, varchar_array = 1015, int8_array = 1016,
                               float4_array = 1021, float8_array = 1022, date_array = 1182, timestamptz_array = 1185,
                               numeric_array = 1231, uuid_array = 2951, jsonb_array = 3807;

// The element type of an array type, or 0 when `array` is not one of the arrays above.
constexpr std::uint32_t element_of(std::uint32_t array) {
  switch (array) {
    case json_array:
      return json;
    case bool_array:
      return bool_;
    case int2_array:
      return int2;
    case int4_array:
      return int4;
    case text_array:
      return text;
    case bpchar_array:
      return bpchar;
    case varchar_array:
      return varchar;
    case int8_array:
      return int8;
    case float4_array:
      return float4;
    case float8_array:
      return float8;
    case date_array:
      return date;
    case timestamptz_array:
      return timestamptz;
    case numeric_array:
      return numeric;
    case uuid_array:
      return uuid;
    case jsonb_array:
      return jsonb;
    default:
      return 0;
  }
}

constexpr std::string_view type_name(std::uint32_t type) {
  switch (type) {
    case bool_:
      return "boolean";
    case bytea:
      return "bytea";
    case name:
      return "name";
    case int8:
      return "bigint";
    case int2:
      return "smallint";
    case int4:
      return "integer";
    case text:
      return "text";
    case oid:
      return "oid";
    case json:
      return "json";
    case float4:
      return "real";
    case float8:
      return "double precision";
    case unknown:
      return "unknown";
    case bpchar:
      return "character";
    case varchar:
      return "character varying";
    case date:
      return "date";
    case timestamp:
      return "timestamp";
    case timestamptz:
      return "timestamptz";
    case numeric:
      return "numeric";
    case uuid:
      return "uuid";
    case jsonb:
      return "jsonb";
    default:
      return element_of(type) ? "array" : "";
  }
}

}  // namespace strata::sql::detail::pg_oid

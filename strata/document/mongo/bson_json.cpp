// boost::json <-> BSON, value by value.
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <cstdint>
#include <ctime>
#include <limits>
#include <strata/document/error.hpp>
#include <strata/document/mongo/bson_json.hpp>
#include <string>

namespace strata::document::detail {

namespace {

void check(bool ok) {
  if (!ok) throw error(errc::bad_document, "a value cannot be stored as BSON (a NUL in a field name, or too large)");
}

void append(bson_t* out, std::string_view key, const boost::json::value& v);

void append_members(bson_t* out, const boost::json::object& o) {
  for (const auto& [key, member] : o) append(out, key, member);
}

void append(bson_t* out, std::string_view key, const boost::json::value& v) {
  if (key.find('\0') != std::string_view::npos) check(false);
  const char* k = key.data();
  const int n = static_cast<int>(key.size());
  switch (v.kind()) {
    case boost::json::kind::null:
      check(bson_append_null(out, k, n));
      break;
    case boost::json::kind::bool_:
      check(bson_append_bool(out, k, n, v.get_bool()));
      break;
    case boost::json::kind::int64: {
      const std::int64_t i = v.get_int64();
      if (i >= std::numeric_limits<std::int32_t>::min() && i <= std::numeric_limits<std::int32_t>::max())
        check(bson_append_int32(out, k, n, static_cast<std::int32_t>(i)));
      else
        check(bson_append_int64(out, k, n, i));
      break;
    }
    case boost::json::kind::uint64: {
      const std::uint64_t u = v.get_uint64();
      if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        append(out, key, boost::json::value(static_cast<std::int64_t>(u)));
      else
        check(bson_append_double(out, k, n, static_cast<double>(u)));
      break;
    }
    case boost::json::kind::double_:
      check(bson_append_double(out, k, n, v.get_double()));
      break;
    case boost::json::kind::string: {
      const auto& s = v.get_string();
      check(bson_append_utf8(out, k, n, s.data(), static_cast<int>(s.size())));
      break;
    }
    case boost::json::kind::array: {
      bson_t child;
      check(bson_append_array_begin(out, k, n, &child));
      std::size_t i = 0;
      for (const auto& item : v.get_array()) append(&child, std::to_string(i++), item);
      check(bson_append_array_end(out, &child));
      break;
    }
    case boost::json::kind::object: {
      bson_t child;
      check(bson_append_document_begin(out, k, n, &child));
      append_members(&child, v.get_object());
      check(bson_append_document_end(out, &child));
      break;
    }
  }
}

boost::json::value value_of(const bson_iter_t& at);

boost::json::object object_of(bson_iter_t& children) {
  boost::json::object out;
  while (bson_iter_next(&children))
    out.emplace(std::string_view(bson_iter_key(&children), bson_iter_key_len(&children)), value_of(children));
  return out;
}

std::string iso_time(std::int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  const int millis = static_cast<int>(ms - static_cast<std::int64_t>(seconds) * 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

boost::json::value value_of(const bson_iter_t& at) {
  bson_iter_t it = at;
  switch (bson_iter_type(&it)) {
    case BSON_TYPE_DOUBLE:
      return bson_iter_double(&it);
    case BSON_TYPE_INT32:
      return static_cast<std::int64_t>(bson_iter_int32(&it));
    case BSON_TYPE_INT64:
      return bson_iter_int64(&it);
    case BSON_TYPE_BOOL:
      return bson_iter_bool(&it);
    case BSON_TYPE_NULL:
    case BSON_TYPE_UNDEFINED:
      return nullptr;
    case BSON_TYPE_UTF8: {
      std::uint32_t len = 0;
      const char* s = bson_iter_utf8(&it, &len);
      return boost::json::string(std::string_view(s, len));
    }
    case BSON_TYPE_DOCUMENT: {
      bson_iter_t child;
      if (!bson_iter_recurse(&it, &child)) return boost::json::object();
      return object_of(child);
    }
    case BSON_TYPE_ARRAY: {
      bson_iter_t child;
      boost::json::array out;
      if (bson_iter_recurse(&it, &child))
        while (bson_iter_next(&child)) out.push_back(value_of(child));
      return out;
    }
    case BSON_TYPE_OID: {
      char hex[25];
      bson_oid_to_string(bson_iter_oid(&it), hex);
      return boost::json::string(hex);
    }
    case BSON_TYPE_DATE_TIME:
      return boost::json::string(iso_time(bson_iter_date_time(&it)));
    case BSON_TYPE_DECIMAL128: {
      bson_decimal128_t d;
      bson_iter_decimal128(&it, &d);
      char text[BSON_DECIMAL128_STRING];
      bson_decimal128_to_string(&d, text);
      return boost::json::string(text);
    }
    default: {
      // Binary, regex, timestamps, ...: MongoDB's relaxed extended JSON of the value.
      bson_t one = BSON_INITIALIZER;
      bson_append_iter(&one, "v", 1, &it);
      char* text = bson_as_relaxed_extended_json(&one, nullptr);
      boost::json::value out;
      if (text) {
        boost::system::error_code ec;
        auto parsed = boost::json::parse(text, ec);
        if (!ec && parsed.is_object() && parsed.as_object().contains("v")) out = parsed.as_object()["v"];
        bson_free(text);
      }
      bson_destroy(&one);
      return out;
    }
  }
}

}  // namespace

bson_ptr to_bson(const boost::json::object& json) {
  bson_ptr out(bson_new());
  append_members(out.get(), json);
  return out;
}

boost::json::object to_json(const bson_t& bson) {
  bson_iter_t it;
  if (!bson_iter_init(&it, &bson)) return {};
  return object_of(it);
}

}  // namespace strata::document::detail

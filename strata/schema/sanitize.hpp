// Sanitization helpers for text that came from clients: trimming and collapsing whitespace as
// JavaScript's trim() understands it (Unicode spaces included), dropping control characters, and
// HTML escaping for templates (OWASP's set: & < > " ' /). Unicode normalization (NFC) is not
// here: it needs the Unicode tables (ICU), which the framework does not carry.
//
//   auto name = strata::schema::collapse_whitespace(strata::schema::strip_control(input));
//   html += strata::schema::html_escape(comment.body);
//   strata::schema::sanitize(body, {.trim = true});   // every string in a JSON value
#pragma once
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace strata::schema {

// Without leading and trailing white space (ASCII and Unicode spaces, line separators, BOM).
std::string trim(std::string_view s);
// Runs of white space as one ' ', trimmed.
std::string collapse_whitespace(std::string_view s);
// Without C0 controls, DEL and C1 controls; tab, LF and CR are kept when keep_line_breaks.
// Invalid UTF-8 bytes are dropped too (they are not text).
std::string strip_control(std::string_view s, bool keep_line_breaks = true);
// & < > " ' / as &amp; &lt; &gt; &quot; &#x27; &#x2F; (safe in element content and quoted attributes).
std::string html_escape(std::string_view s);

struct sanitize_options {
  bool strip_control = true;
  bool trim = true;
  bool collapse_whitespace = false;
  bool keep_line_breaks = true;  // for strip_control
};

// Applies the options to every string value in v (object keys are left alone).
void sanitize(boost::json::value& v, const sanitize_options& options = {});

}  // namespace strata::schema

// Static file serving: the path checks, validators, conditional and range handling behind
// serve_static(), and the extension-to-MIME table.
#include <strata/http/detail/static_logic.hpp>
#include <strata/http/static_files.hpp>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace strata::http {

namespace detail {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void append_hex(std::string& out, std::uint64_t n) {
  char buf[16];
  auto end = std::to_chars(buf, buf + sizeof buf, n, 16).ptr;
  out.append(buf, end);
}

void append_decimal(std::string& out, std::uint64_t n) {
  char buf[20];
  auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
  out.append(buf, end);
}

// Digits only, non-empty; saturates instead of overflowing, since a huge position is simply past
// the end of any file.
std::optional<std::uint64_t> parse_digits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    unsigned d = c - '0';
    n = n > (UINT64_MAX - d) / 10 ? UINT64_MAX : n * 10 + d;
  }
  return n;
}

constexpr std::array<std::string_view, 7> short_days = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 7> long_days = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                       "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// A left-to-right reader for the fixed-layout date formats.
struct date_reader {
  std::string_view s;

  bool literal(std::string_view x) {
    if (!s.starts_with(x)) return false;
    s.remove_prefix(x.size());
    return true;
  }
  std::optional<int> number(std::size_t width) {
    if (s.size() < width) return std::nullopt;
    int n = 0;
    for (std::size_t i = 0; i < width; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      n = n * 10 + (s[i] - '0');
    }
    s.remove_prefix(width);
    return n;
  }
  template <std::size_t N>
  std::optional<int> name(const std::array<std::string_view, N>& names) {
    for (std::size_t i = 0; i < N; ++i)
      if (literal(names[i])) return static_cast<int>(i);
    return std::nullopt;
  }
  // "08:49:37"
  std::optional<std::chrono::seconds> time_of_day() {
    auto h = number(2);
    if (!h || !literal(":")) return std::nullopt;
    auto m = number(2);
    if (!m || !literal(":")) return std::nullopt;
    auto sec = number(2);
    if (!sec || *h > 23 || *m > 59 || *sec > 60) return std::nullopt;  // 60: a leap second
    return std::chrono::hours(*h) + std::chrono::minutes(*m) + std::chrono::seconds(*sec);
  }
};

std::optional<std::chrono::sys_seconds> make_time(int year, int month, int day, std::chrono::seconds time) {
  std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(month + 1),
                                  std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd) + time;
}

// "Sun, 06 Nov 1994 08:49:37 GMT"
std::optional<std::chrono::sys_seconds> parse_imf_fixdate(date_reader r) {
  if (!r.name(short_days) || !r.literal(", ")) return std::nullopt;
  auto day = r.number(2);
  if (!day || !r.literal(" ")) return std::nullopt;
  auto month = r.name(months);
  if (!month || !r.literal(" ")) return std::nullopt;
  auto year = r.number(4);
  if (!year || !r.literal(" ")) return std::nullopt;
  auto time = r.time_of_day();
  if (!time || !r.literal(" GMT") || !r.s.empty()) return std::nullopt;
  return make_time(*year, *month, *day, *time);
}

// RFC 9110 5.6.7: a two-digit year more than 50 years in the future is read as the most recent
// past year with those digits.
int expand_two_digit_year(int yy) {
  auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  int this_year = static_cast<int>(std::chrono::year_month_day(today).year());
  int year = this_year - this_year % 100 + yy;
  if (year > this_year + 50) year -= 100;
  return year;
}

// "Sunday, 06-Nov-94 08:49:37 GMT"
std::optional<std::chrono::sys_seconds> parse_rfc850(date_reader r) {
  if (!r.name(long_days) || !r.literal(", ")) return std::nullopt;
  auto day = r.number(2);
  if (!day || !r.literal("-")) return std::nullopt;
  auto month = r.name(months);
  if (!month || !r.literal("-")) return std::nullopt;
  auto yy = r.number(2);
  if (!yy || !r.literal(" ")) return std::nullopt;
  auto time = r.time_of_day();
  if (!time || !r.literal(" GMT") || !r.s.empty()) return std::nullopt;
  return make_time(expand_two_digit_year(*yy), *month, *day, *time);
}

// "Sun Nov  6 08:49:37 1994"
std::optional<std::chrono::sys_seconds> parse_asctime(date_reader r) {
  if (!r.name(short_days) || !r.literal(" ")) return std::nullopt;
  auto month = r.name(months);
  if (!month || !r.literal(" ")) return std::nullopt;
  r.literal(" ");  // a one-digit day is space-padded
  auto day = r.s.size() > 1 && r.s[1] == ' ' ? r.number(1) : r.number(2);
  if (!day || !r.literal(" ")) return std::nullopt;
  auto time = r.time_of_day();
  if (!time || !r.literal(" ")) return std::nullopt;
  auto year = r.number(4);
  if (!year || !r.s.empty()) return std::nullopt;
  return make_time(*year, *month, *day, *time);
}

std::string_view strip_weak(std::string_view etag) { return etag.starts_with("W/") ? etag.substr(2) : etag; }

// Owns a file descriptor until it is handed to the response.
class unique_fd {
public:
  unique_fd() = default;
  explicit unique_fd(int fd) : fd_(fd) {}
  unique_fd(unique_fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  unique_fd& operator=(unique_fd&& o) noexcept {
    std::swap(fd_, o.fd_);
    return *this;
  }
  ~unique_fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

private:
  int fd_ = -1;
};

struct open_file {
  unique_fd fd;
  struct stat st {};
};

// Errors that mean "there is nothing here for you"; anything else (EMFILE, EIO) is the server's
// problem and becomes a 500.
bool is_not_found_error(int err) {
  return err == ENOENT || err == ENOTDIR || err == ELOOP || err == EACCES || err == ENAMETOOLONG || err == ENXIO ||
         err == EISDIR;
}

// Opens `name` relative to `dir` (AT_FDCWD for a path). O_NOFOLLOW refuses a symlink; O_NONBLOCK
// keeps a FIFO planted in the root from blocking the event loop in open(2) (a regular file reads
// the same). `flags` adds O_DIRECTORY|O_PATH for the folders on the way.
std::optional<open_file> open_one(int dir, const std::string& name, int flags, bool want_stat) {
  open_file f;
  f.fd = unique_fd(::openat(dir, name.c_str(), flags | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  if (f.fd.get() < 0) {
    if (is_not_found_error(errno)) return std::nullopt;
    throw std::system_error(errno, std::generic_category(), "open " + name);
  }
  if (want_stat && ::fstat(f.fd.get(), &f.st) != 0)
    throw std::system_error(errno, std::generic_category(), "fstat " + name);
  return f;
}

// Opens `relative` under `root` one component at a time, refusing a symlink at every level: a
// link planted in the root or in a folder below it cannot lead outside (O_NOFOLLOW alone checks
// only the last component). `relative` is already free of ".." (is_safe_relative_path).
std::optional<open_file> open_beneath(const std::string& root, std::string_view relative) {
  auto dir = open_one(AT_FDCWD, root.empty() ? std::string(".") : root, O_PATH | O_DIRECTORY, false);
  if (!dir) return std::nullopt;
  while (relative.starts_with('/')) relative.remove_prefix(1);
  if (relative.empty()) return open_one(dir->fd.get(), ".", O_RDONLY, true);
  for (;;) {
    auto slash = relative.find('/');
    std::string name(relative.substr(0, slash));
    if (slash == std::string_view::npos) return open_one(dir->fd.get(), name, O_RDONLY, true);
    if (relative.find_first_not_of('/', slash) == std::string_view::npos)  // "a/b/": b must be a folder
      return open_one(dir->fd.get(), name, O_RDONLY | O_DIRECTORY, true);
    relative.remove_prefix(slash);
    while (relative.starts_with('/')) relative.remove_prefix(1);
    if (name.empty() || name == ".") continue;
    auto next = open_one(dir->fd.get(), name, O_PATH | O_DIRECTORY, false);
    if (!next) return std::nullopt;
    dir = std::move(next);
  }
}

std::string join_root(const std::string& root, std::string_view relative) {
  // An empty root must not turn "etc/passwd" into "/etc/passwd".
  std::string path = root.empty() ? std::string(".") : root;
  if (!path.ends_with('/')) path += '/';
  while (relative.starts_with('/')) relative.remove_prefix(1);
  path.append(relative);
  return path;
}

// Opens the regular file `relative` names under `root`, or the folder's index; nullopt for
// anything else. `path` is set to the file actually opened (its extension picks the Content-Type).
std::optional<open_file> open_served_file(const std::string& root, std::string_view relative, const std::string& index,
                                          std::string& path) {
  path = join_root(root, relative);
  auto f = open_beneath(root, relative);
  if (!f) return std::nullopt;
  if (S_ISDIR(f->st.st_mode)) {
    if (index.empty()) return std::nullopt;
    if (!path.ends_with('/')) path += '/';
    path += index;
    f = open_one(f->fd.get(), index, O_RDONLY, true);
    if (!f) return std::nullopt;
  }
  if (!S_ISREG(f->st.st_mode)) return std::nullopt;
  return f;
}

validators validators_of(const struct stat& st) {
  std::int64_t mtime_ns = std::int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  return {format_etag(static_cast<std::uint64_t>(st.st_size), mtime_ns),
          std::chrono::sys_seconds(std::chrono::seconds(st.st_mtim.tv_sec))};
}

// Only answers that describe the file carry its validators and caching policy; a 404 or 416 with
// "public, max-age" would be cached in the file's place.
void set_file_headers(response& res, const validators& v, const static_options& options) {
  res.set("ETag", v.etag);
  res.set("Last-Modified", format_http_date(v.last_modified));
  res.set("Cache-Control", cache_control(options.max_age, options.immutable));
  res.set("Accept-Ranges", "bytes");
}

std::string content_range(std::uint64_t first, std::uint64_t length, std::uint64_t size) {
  std::string s = "bytes ";
  append_decimal(s, first);
  s += '-';
  append_decimal(s, first + length - 1);
  s += '/';
  append_decimal(s, size);
  return s;
}

void not_found(response& res) { res.problem(404, "Not Found"); }

}  // namespace

bool is_safe_relative_path(std::string_view relative, bool dotfiles) {
  if (relative.find('\\') != std::string_view::npos || relative.find('\0') != std::string_view::npos) return false;
  while (!relative.empty()) {
    auto slash = relative.find('/');
    auto segment = relative.substr(0, slash);
    relative = slash == std::string_view::npos ? std::string_view() : relative.substr(slash + 1);
    if (segment.empty()) continue;
    if (segment == "." || segment == "..") return false;
    if (!dotfiles && segment.front() == '.') return false;
  }
  return true;
}

std::string format_etag(std::uint64_t size, std::int64_t mtime_ns) {
  std::string tag = "W/\"";
  append_hex(tag, size);
  tag += '-';
  append_hex(tag, static_cast<std::uint64_t>(mtime_ns));
  tag += '"';
  return tag;
}

bool etag_list_matches(std::string_view if_none_match, std::string_view etag) {
  auto list = trim(if_none_match);
  if (list == "*") return true;
  auto wanted = strip_weak(etag);
  while (true) {
    while (!list.empty() && (list.front() == ' ' || list.front() == '\t' || list.front() == ',')) list.remove_prefix(1);
    if (list.empty()) return false;
    list = strip_weak(list);
    // An entity tag is quoted and may itself hold commas, so the list is read tag by tag.
    if (list.empty() || list.front() != '"') return false;
    auto close = list.find('"', 1);
    if (close == std::string_view::npos) return false;
    if (list.substr(0, close + 1) == wanted) return true;
    list.remove_prefix(close + 1);
  }
}

std::string format_http_date(std::chrono::sys_seconds t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd{day};
  std::chrono::weekday wd{day};
  std::chrono::hh_mm_ss hms{t - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d GMT", short_days[wd.c_encoding()].data(),
                static_cast<unsigned>(ymd.day()), months[static_cast<unsigned>(ymd.month()) - 1].data(),
                static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf;
}

std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view text) {
  text = trim(text);
  if (auto t = parse_imf_fixdate({text})) return t;
  if (auto t = parse_rfc850({text})) return t;
  return parse_asctime({text});
}

range_result parse_range(std::string_view header, std::uint64_t size) {
  header = trim(header);
  auto eq = header.find('=');
  if (eq == std::string_view::npos || !iequals(trim(header.substr(0, eq)), "bytes")) return {};
  // Exactly one range-spec; several are answered with the whole file, which RFC 9110 14.2
  // allows and which spares us multipart/byteranges.
  std::string_view set = header.substr(eq + 1), spec;
  int count = 0;
  while (true) {
    auto comma = set.find(',');
    auto element = trim(set.substr(0, comma));
    if (!element.empty()) {  // a list may hold empty elements (RFC 9110 5.6.1)
      spec = element;
      ++count;
    }
    if (comma == std::string_view::npos) break;
    set.remove_prefix(comma + 1);
  }
  if (count != 1) return {};
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return {};
  auto first_text = spec.substr(0, dash), last_text = spec.substr(dash + 1);

  if (first_text.empty()) {  // "-500": the last 500 bytes
    auto suffix = parse_digits(last_text);
    if (!suffix) return {};
    if (*suffix == 0 || size == 0) return {range_kind::unsatisfiable, {}};
    auto length = std::min(*suffix, size);
    return {range_kind::partial, {size - length, length}};
  }
  auto first = parse_digits(first_text);
  if (!first) return {};
  std::uint64_t last = UINT64_MAX;
  if (!last_text.empty()) {
    auto parsed = parse_digits(last_text);
    if (!parsed || *parsed < *first) return {};  // invalid, so ignored (RFC 9110 14.1.1)
    last = *parsed;
  }
  if (*first >= size) return {range_kind::unsatisfiable, {}};
  last = std::min(last, size - 1);
  return {range_kind::partial, {*first, last - *first + 1}};
}

bool is_not_modified(std::optional<std::string_view> if_none_match, std::optional<std::string_view> if_modified_since,
                     const validators& v) {
  if (if_none_match) return etag_list_matches(*if_none_match, v.etag);
  if (!if_modified_since) return false;
  auto since = parse_http_date(*if_modified_since);
  return since && v.last_modified <= *since;
}

bool if_range_holds(std::string_view if_range, const validators& v) {
  auto value = trim(if_range);
  if (value.starts_with('"') || value.starts_with("W/")) return value == v.etag;
  auto date = parse_http_date(value);
  return date && *date == v.last_modified;
}

std::string cache_control(std::chrono::seconds max_age, bool immutable) {
  std::string s = "public, max-age=";
  append_decimal(s, static_cast<std::uint64_t>(std::max<std::int64_t>(max_age.count(), 0)));
  if (immutable) s += ", immutable";
  return s;
}

void serve_file(const static_options& options, const static_request& req, response& res) {
  if (!is_safe_relative_path(req.path, options.dotfiles)) return not_found(res);
  std::string path;
  auto file = open_served_file(options.root, req.path, options.index, path);
  if (!file) return not_found(res);

  auto v = validators_of(file->st);
  auto size = static_cast<std::uint64_t>(file->st.st_size);
  bool get_or_head = req.method == method::get || req.method == method::head;
  if (get_or_head && is_not_modified(req.if_none_match, req.if_modified_since, v)) {
    set_file_headers(res, v, options);
    res.status(304);
    res.send(std::string_view());
    return;  // the descriptor closes with `file`
  }

  // Range is defined for GET only (RFC 9110 14.2); a failed If-Range means "send it all".
  if (req.method == method::get && req.range && (!req.if_range || if_range_holds(*req.if_range, v))) {
    auto range = parse_range(*req.range, size);
    if (range.kind == range_kind::unsatisfiable) {
      std::string unsatisfied = "bytes */";
      append_decimal(unsatisfied, size);
      res.set("Content-Range", unsatisfied);
      res.problem(416, "Range Not Satisfiable");
      return;
    }
    if (range.kind == range_kind::partial) {
      set_file_headers(res, v, options);
      res.type(mime_type(path));
      res.set("Content-Range", content_range(range.range.first, range.range.length, size));
      res.status(206);
      res.send_file({file->fd.release(), range.range.first, range.range.length});
      return;
    }
  }
  set_file_headers(res, v, options);
  res.type(mime_type(path));
  res.status(200);
  res.send_file({file->fd.release(), 0, size});
}

}  // namespace detail

handler serve_static(static_options options) {
  return [options = std::move(options)](request& req, response& res) {
    detail::static_request r;
    r.method = req.method();
    r.path = req.param("*");
    r.if_none_match = req.header("If-None-Match");
    r.if_modified_since = req.header("If-Modified-Since");
    r.range = req.header("Range");
    r.if_range = req.header("If-Range");
    detail::serve_file(options, r, res);
  };
}

std::string_view mime_type(std::string_view path) {
  struct entry {
    std::string_view extension;
    std::string_view type;
  };
  static constexpr entry table[] = {
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},  // RFC 9239
      {"mjs", "text/javascript; charset=utf-8"},
      {"json", "application/json; charset=utf-8"},
      {"map", "application/json; charset=utf-8"},
      {"txt", "text/plain; charset=utf-8"},
      {"xml", "application/xml; charset=utf-8"},
      {"csv", "text/csv; charset=utf-8"},
      {"md", "text/markdown; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"avif", "image/avif"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"otf", "font/otf"},
      {"wasm", "application/wasm"},
      {"pdf", "application/pdf"},
      {"zip", "application/zip"},
      {"gz", "application/gzip"},
      {"mp4", "video/mp4"},
      {"webm", "video/webm"},
      {"mp3", "audio/mpeg"},
      {"wav", "audio/wav"},
  };
  auto name = path.substr(path.rfind('/') + 1);  // npos + 1 == 0: no folder part
  auto dot = name.rfind('.');
  if (dot != std::string_view::npos && dot + 1 < name.size()) {
    auto extension = name.substr(dot + 1);
    for (const auto& e : table)
      if (iequals(e.extension, extension)) return e.type;
  }
  return "application/octet-stream";
}

}  // namespace strata::http

// Redaction: Pino's `redact.paths`, compiled into a trie once, and a cursor that follows the
// record's keys while it is written, so a censored value is replaced as it is met and nothing is
// copied. Paths: "password", "req.headers.authorization", "*.password" (any key at one level),
// "a[*].b", "a[0]", 'a["x-api-key"]'.
#pragma once
#include <boost/container/small_vector.hpp>
#include <boost/json/fwd.hpp>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace strata::log::detail {

class redactor {
public:
  struct node {
    std::map<std::string, node, std::less<>> children;
    std::unique_ptr<node> any;  // "*"
    bool censor = false;        // a path ends here
  };

  // Throws std::invalid_argument for a malformed path.
  explicit redactor(const std::vector<std::string>& paths, std::string censor = "[Redacted]");

  // Null when there are no paths: the writers then skip every check.
  const node* root() const { return empty_ ? nullptr : &root_; }
  const std::string& censor() const { return censor_; }

  // "a.b[*]['c d']" as segments {"a", "b", "*", "c d"}; "*" alone is the wildcard.
  static std::vector<std::string> split(std::string_view path);

private:
  node root_;
  std::string censor_;
  bool empty_ = true;
};

// Where the writer is in the record, as the set of trie nodes that match the keys so far.
class path_cursor {
public:
  path_cursor() = default;
  explicit path_cursor(const redactor::node* root) {
    if (root) nodes_.push_back(root);
  }
  // The cursor for member `key` (an array index is its decimal digits).
  path_cursor step(std::string_view key) const {
    path_cursor next;
    for (const auto* n : nodes_) {
      if (auto it = n->children.find(key); it != n->children.end()) next.add(&it->second);
      if (n->any) next.add(n->any.get());
    }
    return next;
  }
  // True when a path ends here: the value at this position is replaced by the censor.
  bool censored() const { return censored_; }
  // True when no path goes through here: nothing below needs checking.
  bool idle() const { return nodes_.empty(); }

private:
  void add(const redactor::node* n) {
    censored_ = censored_ || n->censor;
    if (!n->children.empty() || n->any) nodes_.push_back(n);
  }
  boost::container::small_vector<const redactor::node*, 4> nodes_;
  bool censored_ = false;
};

class json_writer;

// Writes `v`, replacing each value a path in `at` leads to with `censor`.
void write_redacted(json_writer& w, const boost::json::value& v, const path_cursor& at, std::string_view censor);

}  // namespace strata::log::detail

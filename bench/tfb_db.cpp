// tfb_db: the four TechEmpower database tests (see tfb_db.hpp), written as the requirements ask:
// every World row read by its own SELECT (the N of /queries and /updates pipelined into one round
// trip), /updates persisted with one batched UPDATE, Fortunes rendered through a template.
#include "tfb_db.hpp"

#include "tfb_template.hpp"

#include <strata/sql/database.hpp>

#include <boost/json/array.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/serializer.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <memory>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

namespace tfb {
namespace {

using strata::task;
using namespace strata::http;
namespace sql = strata::sql;
namespace json = boost::json;

constexpr std::string_view world_select = "SELECT id, randomnumber FROM world WHERE id = $1";
// One statement for all rows of /updates; unnest pairs the two arrays element by element.
constexpr std::string_view world_update =
    "UPDATE world SET randomnumber = v.r FROM unnest($1::int[], $2::int[]) AS v(id, r) WHERE world.id = v.id";
constexpr std::string_view fortune_select = "SELECT id, message FROM fortune";

constexpr std::string_view fortunes_html =
    "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
    "<tr><th>id</th><th>message</th></tr>"
    "{{#rows}}<tr><td>{{id}}</td><td>{{message}}</td></tr>{{/rows}}"
    "</table></body></html>";

// 1..10000; one generator per loop thread, so nothing is shared between loops.
std::int32_t random_world_number() {
  thread_local std::minstd_rand gen{std::random_device{}()};
  return std::uniform_int_distribution<std::int32_t>(1, 10000)(gen);
}

// ?queries=N clamped to 1..500; missing or not a number counts as 1 (the TechEmpower rule).
std::size_t query_count(const request& req) {
  auto q = req.query("queries");
  if (!q) return 1;
  long n = 0;
  auto [end, ec] = std::from_chars(q->data(), q->data() + q->size(), n);
  if (ec != std::errc{} || end == q->data()) return 1;
  return static_cast<std::size_t>(std::clamp(n, 1L, 500L));
}

struct world {
  std::int32_t id;
  std::int32_t random_number;
};

world world_of(const sql::result& r) {
  if (r.empty()) throw sql::error("02000", "world row not found (run bench/tfb-db-setup)");
  return {r[0].get<std::int32_t>(0), r[0].get<std::int32_t>(1)};
}

// N single-row SELECTs with random ids, sent as one pipeline: one round trip for all of them.
task<std::vector<world>> read_worlds(sql::database& db, std::size_t n) {
  std::vector<sql::statement> batch(n);
  for (auto& s : batch) s = sql::statement{std::string(world_select), {sql::to_param(random_world_number())}};
  auto results = co_await db.pipeline(std::move(batch));
  std::vector<world> worlds;
  worlds.reserve(n);
  for (const auto& r : results) worlds.push_back(world_of(r));
  co_return worlds;
}

template <class Json>  // value, object or array: serialize() takes each as it is
void send_json(response& res, const Json& v) {
  res.set("Content-Type", "application/json");
  res.send(json::serialize(v));
}

json::object world_json(const world& w, json::storage_ptr sp) {
  json::object o(std::move(sp));
  o["id"] = w.id;
  o["randomNumber"] = w.random_number;
  return o;
}

void send_worlds(response& res, const std::vector<world>& worlds) {
  json::monotonic_resource mr;  // one arena for the whole array, freed at once
  json::array a(&mr);
  a.reserve(worlds.size());
  for (const auto& w : worlds) a.push_back(world_json(w, &mr));
  send_json(res, a);
}

}  // namespace

void add_db_routes(server& srv, const std::string& url, std::size_t pool_per_loop) {
  sql::pool_options po;
  if (pool_per_loop) po.max_connections = pool_per_loop;
  auto db = std::make_shared<sql::database>(sql::database::open(url, po));
  auto fortunes = std::make_shared<html_template>(fortunes_html, std::vector<std::string>{"id", "message"});

  srv.get("/db", [db](request&, response& res) -> task<void> {
    auto r = co_await db->query(world_select, random_world_number());
    const world w = world_of(r);
    unsigned char storage[256];  // as /json: the object lives on the stack
    json::monotonic_resource mr(storage, sizeof storage);
    send_json(res, world_json(w, &mr));
  });

  srv.get("/queries", [db](request& req, response& res) -> task<void> {
    send_worlds(res, co_await read_worlds(*db, query_count(req)));
  });

  srv.get("/updates", [db](request& req, response& res) -> task<void> {
    auto worlds = co_await read_worlds(*db, query_count(req));
    for (auto& w : worlds) w.random_number = random_world_number();
    // Sorted by id (the same lock order for concurrent requests, so no deadlocks) and one value
    // per id: when an id was drawn twice, its last number is stored and both entries report it.
    std::vector<std::pair<std::int64_t, std::int64_t>> rows;
    rows.reserve(worlds.size());
    for (const auto& w : worlds) rows.emplace_back(w.id, w.random_number);
    std::stable_sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.first < b.first; });
    std::vector<std::int64_t> ids, numbers;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (i + 1 < rows.size() && rows[i + 1].first == rows[i].first) continue;  // a later draw wins
      ids.push_back(rows[i].first);
      numbers.push_back(rows[i].second);
    }
    for (auto& w : worlds) {
      auto it = std::lower_bound(ids.begin(), ids.end(), w.id);
      w.random_number = static_cast<std::int32_t>(numbers[static_cast<std::size_t>(it - ids.begin())]);
    }
    co_await db->query(world_update, std::move(ids), std::move(numbers));
    send_worlds(res, worlds);
  });

  srv.get("/fortunes", [db, fortunes](request&, response& res) -> task<void> {
    auto r = co_await db->query(fortune_select);
    struct fortune {
      std::int32_t id;
      std::string_view message;  // into r, which lives until the page is rendered
    };
    std::vector<fortune> list;
    list.reserve(r.size() + 1);
    for (auto row : r) list.push_back({row.get<std::int32_t>(0), row.get<std::string_view>(1)});
    list.push_back({0, "Additional fortune added at request time."});
    // Byte order of UTF-8 is code point order, the order the TechEmpower verifier expects.
    std::sort(list.begin(), list.end(), [](const fortune& a, const fortune& b) { return a.message < b.message; });

    std::vector<std::array<char, 12>> ids(list.size());
    std::vector<std::string_view> cells;
    cells.reserve(list.size() * 2);
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto end = std::to_chars(ids[i].data(), ids[i].data() + ids[i].size(), list[i].id).ptr;
      cells.emplace_back(ids[i].data(), static_cast<std::size_t>(end - ids[i].data()));
      cells.push_back(list[i].message);
    }
    std::string page;
    page.reserve(1536);
    fortunes->render(page, cells);
    res.set("Content-Type", "text/html; charset=utf-8");
    res.send(std::move(page));
  });
}

}  // namespace tfb

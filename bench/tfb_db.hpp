// tfb_db: the TechEmpower database test types on strata::sql and PostgreSQL: GET /db, /queries,
// /fortunes and /updates over the World and Fortune tables that bench/tfb-db-setup creates.
#pragma once
#include <strata/http/server.hpp>

#include <cstddef>
#include <string>

namespace tfb {

// Registers the four routes on srv, against the database at url. pool_per_loop: connections each
// event loop may open (0: strata::sql's default). Connections are made lazily, on first use.
void add_db_routes(strata::http::server& srv, const std::string& url, std::size_t pool_per_loop);

}  // namespace tfb

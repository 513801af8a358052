-- conduit-mix.lua: the read-heavy RealWorld mix for wrk (bench/conduit-compare).
--   wrk -t2 -c64 -d10s --latency -s bench/conduit-mix.lua http://127.0.0.1:PORT -- PATHS_FILE [MIX]
-- PATHS_FILE is written by bench/conduit-seed.js: lines "CLASS PATH", CLASS one of list (a page of
-- GET /api/articles?limit=20&offset=N), article (GET /api/articles/:slug), profile
-- (GET /api/profiles/:username) and tags (GET /api/tags). Each request draws a class by the MIX
-- weights (default "list=30,article=30,profile=25,tags=15"), then one of its paths uniformly.
-- All requests are anonymous GETs; wrk itself counts non-2xx responses and socket errors.

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
end

local paths = {}    -- class -> array of paths
local cumulative = {}  -- array of {upto, class}
local total = 0

local function fail(msg)
  io.stderr:write("conduit-mix.lua: " .. msg .. "\n")
  os.exit(2)
end

function init(args)
  local file = args[1]
  if not file then fail("usage: -- PATHS_FILE [MIX]") end
  local f = io.open(file, "r")
  if not f then fail("cannot open " .. file) end
  for line in f:lines() do
    local class, path = line:match("^(%S+)%s+(%S+)$")
    if class then
      paths[class] = paths[class] or {}
      table.insert(paths[class], path)
    end
  end
  f:close()
  local mix = args[2] or "list=30,article=30,profile=25,tags=15"
  for class, weight in mix:gmatch("(%w+)=(%d+)") do
    weight = tonumber(weight)
    if weight > 0 then
      if not paths[class] then fail("no paths of class '" .. class .. "' in " .. file) end
      total = total + weight
      table.insert(cumulative, {total, class})
    end
  end
  if total == 0 then fail("empty mix '" .. mix .. "'") end
  math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919)
end

function request()
  local r = math.random(total)
  local class
  for _, entry in ipairs(cumulative) do
    if r <= entry[1] then
      class = entry[2]
      break
    end
  end
  local list = paths[class]
  return wrk.format("GET", list[math.random(#list)])
end

-- wrk script for `albert-jit serve`: one connection per wrk thread, so each
-- response belongs to the request the thread sent last. Requests come from
-- $LOAD_REQS ("path<TAB>tokens<TAB>json body" per line), cycled from an offset
-- per thread. Counts status codes and answered tokens, and writes every
-- distinct 200 body per request to $LOAD_DIR/bodies-<thread>.txt so that
-- check.py can compare every answer with the CLI's output.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  reqs = {}
  for line in io.lines(os.getenv("LOAD_REQS")) do
    local path, toks, body = line:match("^(%S+)\t(%d+)\t(.*)$")
    table.insert(reqs, { wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body), tonumber(toks) })
  end
  idx = (id * 7) % #reqs
  pending = 1
  s200, s429, sother, tokens = 0, 0, 0, 0
  seen = {}
  out = io.open(os.getenv("LOAD_DIR") .. "/bodies-" .. id .. ".txt", "w")
end

function request()
  idx = idx % #reqs + 1
  pending = idx
  return reqs[idx][1]
end

function response(status, headers, body)
  if status == 200 then
    s200 = s200 + 1
    tokens = tokens + reqs[pending][2]
    if seen[pending] ~= body then
      if seen[pending] == nil then seen[pending] = body end
      out:write(pending, "\t", body, "\n")
      out:flush()
    end
  elseif status == 429 then
    s429 = s429 + 1
  else
    sother = sother + 1
    out:write(pending, "\tSTATUS ", status, " ", body, "\n")
    out:flush()
  end
end

function done(summary, latency, requests)
  local a200, a429, aother, atok = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a200 = a200 + t:get("s200")
    a429 = a429 + t:get("s429")
    aother = aother + t:get("sother")
    atok = atok + t:get("tokens")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"duration_s": %.3f, "requests": %d, "s200": %d, "s429": %d, "sother": %d, "tokens": %d, ' ..
    '"p50_ms": %.1f, "p90_ms": %.1f, "p99_ms": %.1f, "mean_ms": %.1f, "connect_err": %d, "read_err": %d, ' ..
    '"write_err": %d, "timeout_err": %d}\n',
    summary.duration / 1e6, summary.requests, a200, a429, aother, atok,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3, latency.mean / 1e3,
    e.connect, e.read, e.write, e.timeout))
end
